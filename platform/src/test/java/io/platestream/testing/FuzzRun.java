package io.platestream.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded fuzz run: {@code count} inputs made from a fixed seed, each given to a parser that must
 * either accept it or refuse it with its own, specific error. Anything else (another exception, an
 * {@link Error} such as a stack overflow, or a refusal whose message fails the check) is a crash,
 * kept with the input that caused it.
 */
public final class FuzzRun {
  private FuzzRun() {}

  /**
   * A refusal a test raises itself, for parsers behind a protocol (an HTTP server answering 4xx
   * with its reason), so that {@link #run} can count it like a parser's own error.
   */
  public static final class Refused extends Exception {
    public Refused(String reason) {
      super(reason);
    }
  }

  /** The parser under test. */
  @FunctionalInterface
  public interface Parser<T> {
    void parse(T input) throws Exception;
  }

  /** What a run found; {@link #summary()} is the line the tests print and the docs quote. */
  public record Outcome(String name, int accepted, int refused, List<String> crashes) {
    public String summary() {
      return String.format(
          "%s fuzz: %d inputs, %d accepted, %d refused with the reason, %d crashes",
          name, accepted + refused + crashes.size(), accepted, refused, crashes.size());
    }
  }

  /**
   * Runs {@code count} inputs drawn by {@code inputs} from a {@code Random(seed)}.
   *
   * @param refusal the parser's own error type
   * @param clear what a refusal's message must satisfy (say what and where, nothing secret)
   */
  public static <T> Outcome run(
      String name,
      long seed,
      int count,
      Function<Random, T> inputs,
      Parser<T> parser,
      Class<? extends Throwable> refusal,
      Predicate<String> clear) {
    Random random = new Random(seed);
    int accepted = 0;
    int refused = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      T input = inputs.apply(random);
      try {
        parser.parse(input);
        accepted++;
      } catch (Throwable e) {
        if (refusal.isInstance(e) && e.getMessage() != null && clear.test(e.getMessage())) {
          refused++;
        } else {
          crashes.add(e + " on input " + describe(input));
        }
      }
    }
    Outcome outcome = new Outcome(name, accepted, refused, List.copyOf(crashes));
    System.out.println(outcome.summary());
    return outcome;
  }

  private static String describe(Object input) {
    if (input instanceof byte[] bytes) {
      return bytes.length + " bytes";
    }
    String text = String.valueOf(input);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
