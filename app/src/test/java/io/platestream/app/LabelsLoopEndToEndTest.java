package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.platestream.datasets.metrics.EditDistance;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.SampleClip;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.sink.testing.Chromium;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The labels loop end to end, as a site would run it. The demo runs its sample clip with a
 * recognizer made weak on purpose (it reads 7 as 1, see {@link WeakRecognizer}); an operator
 * reviews the events in the dashboard in Chromium, from the keyboard, confirming the right ones and
 * correcting the misreads; {@code train rec --labels --publish} learns from those labels and the
 * quality gate promotes the result because it reads the site's own validation labels better; the
 * running recognizer stage swaps to it without a restart, and the clip's next passes of the misread
 * plates are read right.
 *
 * <p>The site here is our rendered clip on a loop, so the same plates pass every 16 s: the labels'
 * guard between training and validation is 0 (a real site keeps the 10-minute default), and no
 * real-photo set judges the result (the clip is not a real camera).
 */
class LabelsLoopEndToEndTest {
  private static final String PASSWORD = "labels loop";

  /**
   * Events reviewed: the latest fifth (5) validate, and any 5 passes in a row of the clip's 6
   * include at least two of the three plates with a 7, so production's site accuracy has room.
   */
  private static final int LABELS_WANTED = Integer.getInteger("labels.loop.wanted", 24);

  /**
   * For the figures in docs/BENCHMARKS.md: a folder of crops of other plates drawn by the same
   * renderer (rec_labels.txt), on which the weak and the retrained recognizer are also scored.
   */
  private static final String HELD_OUT = System.getProperty("labels.loop.heldout");

  private static final Pattern DASHBOARD =
      Pattern.compile("Dashboard  (http://127.0.0.1:\\d+)  \\(user demo");
  private static final Pattern BROKER =
      Pattern.compile("^  Kafka broker +(\\S+)", Pattern.MULTILINE);
  private static final Pattern REGISTRY =
      Pattern.compile("^  Schema registry +(\\S+)", Pattern.MULTILINE);
  private static final Pattern PROMOTED = Pattern.compile("promoted v(\\d+) to production");

  @TempDir Path dir;

  @Test
  void operatorsCorrectAWeakRecognizerAndTheRetrainedOneReadsTheNextPassesRight() throws Exception {
    FontsAvailableAccess.require();
    Chromium.require();
    Path weak = dir.resolve("weak-recognizer.onnx");
    // 1.3: every 7 of the clip reads as 1 (at 1.1, as in the figures, now and then one does not).
    Files.write(weak, WeakRecognizer.confusing("7", "1", 1.3));
    Path synthetic = dir.resolve("synthetic");
    assertThat(
            run(
                new StringWriter(),
                "dataset",
                "synth",
                "--out",
                synthetic.toString(),
                "--count",
                "16",
                "--seed",
                "3501"))
        .isZero();

    StringWriter console = new StringWriter();
    Path state = dir.resolve("demo");
    Thread demo =
        new Thread(
            () ->
                run(
                    console,
                    "demo",
                    "--recognizer",
                    weak.toString(),
                    "--password",
                    PASSWORD,
                    "--http-port",
                    "0",
                    "--duration",
                    "900",
                    "--state-dir",
                    state.toString()),
            "demo");
    demo.start();
    try {
      String dashboard = await(console, DASHBOARD, demo);
      String bootstrap = await(console, BROKER, demo);
      String registryUrl = await(console, REGISTRY, demo);
      List<String> truth = SampleClip.plates(state.resolve("sample-6.mp4"));
      Set<String> misread = new HashSet<>();
      for (String plate : truth) {
        if (plate.contains("7")) {
          misread.add(plate);
        }
      }
      assertThat(misread).as("the clip has plates the weak recognizer misreads").isNotEmpty();

      // 1. The operator reviews events until enough plates are labelled.
      Map<String, String> reviewed = review(dashboard, truth);
      Map<String, PlateLabel> labels;
      try (SchemaRegistryClient schemas = new RestSchemaRegistryClient(registryUrl)) {
        labels =
            KafkaClients.latestByKey(
                bootstrap,
                Topics.LABELS,
                new AvroDeserializer<>(PlateLabel.class, schemas),
                Duration.ofSeconds(30));
      }
      assertThat(labels).containsOnlyKeys(reviewed.keySet());
      long corrected =
          labels.values().stream().filter(l -> l.getVerdict() == LabelVerdict.CORRECTED).count();
      System.out.printf(
          "labels loop: %d labels, %d corrected (the weak recognizer's misreads)%n",
          labels.size(), corrected);
      assertThat(corrected).as("misreads corrected in the dashboard").isPositive();
      assertThat(labels.values()).allMatch(l -> l.getReviewer().equals("demo"));

      // 2. Fine-tune on the labels and publish: the gate judges on the site's own plates.
      long promotedAt = System.currentTimeMillis();
      StringWriter training = new StringWriter();
      int trained =
          run(
              training,
              "train",
              "rec",
              "--data",
              synthetic.toString(),
              "--labels",
              "--labels-guard",
              "0",
              "--from",
              "production",
              "--epochs",
              "4",
              "--publish",
              "--out",
              dir.resolve("train").toString(),
              "--bootstrap-servers",
              bootstrap,
              "--schema-registry",
              registryUrl);
      training.toString().lines().filter(l -> !l.contains("step [")).forEach(System.out::println);
      if (HELD_OUT != null) {
        Path candidate = dir.resolve("train").resolve("rec.onnx");
        System.out.printf(
            "labels loop figures: %d labels; held-out crops, plate decoder: weak %s, after %s%n",
            LABELS_WANTED, heldOutAccuracy(weak), heldOutAccuracy(candidate));
      }
      assertThat(trained).as(training.toString()).isZero();
      Matcher before =
          Pattern.compile("before: .*real_site_accuracy ([0-9.]+)").matcher(training.toString());
      assertThat(before.find()).as(training.toString()).isTrue();
      assertThat(Double.parseDouble(before.group(1)))
          .as("the weak recognizer misreads some of the site's validating plates")
          .isLessThan(1.0);
      Matcher promoted = PROMOTED.matcher(training.toString());
      assertThat(promoted.find()).as(training.toString()).isTrue();
      int version = Integer.parseInt(promoted.group(1));

      // 3. The running stage swaps to it; the next passes of the misread plates are read right.
      Map<String, Integer> readRight = new LinkedHashMap<>();
      Map<String, Integer> readWrong = new LinkedHashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
      while (!readRight.keySet().containsAll(misread) && System.nanoTime() < deadline) {
        Thread.sleep(2_000);
        readRight.clear();
        readWrong.clear();
        for (JsonNode event : events(dashboard)) {
          if (event.get("provisional").asBoolean()
              || event.get("recognizer").get("version").asInt() != version
              || event.get("firstSeenMs").asLong() < promotedAt) {
            continue;
          }
          String plate = event.get("plate").asText();
          String meant = nearest(plate, truth);
          if (meant != null) {
            (plate.equals(meant) ? readRight : readWrong).merge(meant, 1, Integer::sum);
          }
        }
      }
      System.out.printf(
          "labels loop: after v%d, read right %s, read wrong %s%n", version, readRight, readWrong);
      assertThat(readRight.keySet())
          .as("the plates the weak recognizer misread, read right by v%d", version)
          .containsAll(misread);
    } finally {
      demo.interrupt(); // ends its wait: it closes its stages, sink and broker as on Ctrl-C
      demo.join(60_000);
    }
    assertThat(demo.isAlive()).as("the demo stopped, so later tests have the machine").isFalse();
  }

  /**
   * An operator at the dashboard: searches the events, opens each final one, reviews it from its
   * detail and answers from the keyboard, y where the reading is right, c and the right text where
   * it is not (the right text is the clip's plate the reading is nearest to, as a person reads it
   * off the crop). Returns the labelled event ids and the text given.
   */
  private static Map<String, String> review(String dashboard, List<String> truth) throws Exception {
    Map<String, String> reviewed = new LinkedHashMap<>();
    Set<String> passedOver = new HashSet<>();
    WebDriver browser = Chromium.start();
    try {
      WebDriverWait wait = Chromium.signIn(browser, dashboard, "demo", PASSWORD);
      long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
      while (reviewed.size() < LABELS_WANTED && System.nanoTime() < deadline) {
        browser.findElement(By.id("search-go")).click();
        Thread.sleep(1_000);
        List<String> ids = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#results tbody tr"))) {
          ids.add(row.getAttribute("data-event-id"));
        }
        for (String id : ids) {
          if (reviewed.size() >= LABELS_WANTED) {
            break;
          }
          if (reviewed.containsKey(id) || passedOver.contains(id)) {
            continue;
          }
          browser.findElement(By.cssSelector("#results tr[data-event-id='" + id + "']")).click();
          wait.until(b -> id.equals(detailShown(b)));
          WebElement review = browser.findElement(By.id("detail-review"));
          String plate = browser.findElement(By.id("detail-plate")).getText();
          String meant = nearest(plate, truth);
          if (!review.isDisplayed() || meant == null) {
            // Still provisional (it comes back final), or no plate of the clip.
            if (meant == null) {
              passedOver.add(id);
            }
            browser.findElement(By.cssSelector("#detail form button")).click();
            continue;
          }
          review.click();
          wait.until(b -> id.equals(reviewing(b)));
          Actions keys = new Actions(browser);
          if (plate.equals(meant)) {
            keys.sendKeys("y").perform();
          } else {
            keys.sendKeys("c").perform();
            WebElement text = browser.findElement(By.id("review-text"));
            wait.until(ExpectedConditions.attributeToBe(text, "value", plate));
            text.sendKeys(Keys.chord(Keys.CONTROL, "a"), meant, Keys.ENTER);
          }
          wait.until(b -> !id.equals(reviewing(b)));
          reviewed.put(id, meant);
        }
      }
      Chromium.screenshot(browser, "labels-loop-review.png");
    } finally {
      browser.quit();
    }
    assertThat(reviewed).as("events reviewed in time").hasSize(LABELS_WANTED);
    return reviewed;
  }

  private static String detailShown(WebDriver browser) {
    Object id =
        ((JavascriptExecutor) browser)
            .executeScript(
                "return document.getElementById('detail').open && detailEvent"
                    + " ? detailEvent.eventId : null");
    return id == null ? null : id.toString();
  }

  private static String reviewing(WebDriver browser) {
    WebElement item = browser.findElement(By.id("review-item"));
    return item.isDisplayed() ? item.getAttribute("data-event-id") : null;
  }

  /** The clip's plate a reading is nearest to, if within two edits; else null. */
  static String nearest(String reading, List<String> plates) {
    String best = null;
    int bestDistance = 3;
    for (String plate : plates) {
      int distance = EditDistance.between(reading, plate);
      if (distance < bestDistance) {
        best = plate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static String heldOutAccuracy(Path recognizer) {
    StringWriter console = new StringWriter();
    run(
        console,
        "eval",
        "--data",
        HELD_OUT,
        "--crop-labels",
        "rec_labels.txt",
        "--recognizer",
        recognizer.toString());
    Matcher accuracy =
        Pattern.compile("recognition, plate decoder acc ([0-9.]+)").matcher(console.toString());
    return accuracy.find() ? accuracy.group(1) : "(not scored: " + console + ")";
  }

  /** The newest 100 events, through the dashboard's API as the demo user. */
  private static JsonNode events(String dashboard) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(dashboard + "/api/events?size=100"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(("demo:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body()).get("items");
  }

  private static String await(StringWriter console, Pattern line, Thread demo)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline && demo.isAlive()) {
      Matcher found = line.matcher(console.toString());
      if (found.find()) {
        return found.group(1);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the demo never printed " + line + ":\n" + console);
  }

  private static int run(StringWriter console, String... arguments) {
    CommandLine command = PlateStreamCommand.commandLine();
    command.setOut(new PrintWriter(console, true));
    command.setErr(new PrintWriter(console, true));
    return command.execute(arguments);
  }
}
