package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command and subcommand explains itself on {@code -h} and {@code --help}. */
class HelpTest {

  /** Each command's words, from {@code platestream} down, found by walking the command tree. */
  static Stream<List<String>> everyCommand() {
    List<List<String>> paths = new ArrayList<>();
    collect(PlateStreamCommand.commandLine(), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandName().equals(name)) { // skip aliases
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
              }
            });
  }

  @Test
  void theWalkFindsNestedSubcommands() {
    assertThat(everyCommand().map(path -> String.join(" ", path)))
        .contains("", "demo", "eval", "train", "bench detector", "dataset synth", "help")
        .hasSizeGreaterThan(15);
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void longAndShortHelpExitZeroWithAUsageThatFitsEightyColumns(List<String> path) {
    for (String flag : List.of("--help", "-h")) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine command = PlateStreamCommand.commandLine();
      command.setOut(new PrintWriter(out));
      command.setErr(new PrintWriter(err));
      List<String> args = new ArrayList<>(path);
      args.add(flag);

      int exit = command.execute(args.toArray(String[]::new));

      assertThat(exit).as("%s: %s", args, err).isZero();
      String usage = out.toString();
      assertThat(usage).contains("Usage: platestream" + prefixed(path) + " [");
      assertThat(usage.lines())
          .as(usage)
          .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    }
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void theFirstDescriptionLineIsAWholeSentence(List<String> path) {
    CommandLine command = PlateStreamCommand.commandLine();
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    // The parent's command list shows only the header's or the description's first line.
    String[] summary = usage.header().length > 0 ? usage.header() : usage.description();

    assertThat(summary).as("%s has a description", path).isNotEmpty();
    assertThat(summary[0]).as("%s", path).endsWith(".").hasSizeLessThanOrEqualTo(66);
  }

  @Test
  void noArgumentsSaysWhereToStart() {
    StringWriter out = new StringWriter();
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(out));

    int exit = command.execute();

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Commands:").contains("Start with `platestream demo`");
  }

  private static String prefixed(List<String> path) {
    return path.stream().map(word -> " " + word).reduce("", String::concat);
  }
}
