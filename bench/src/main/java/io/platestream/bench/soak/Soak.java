package io.platestream.bench.soak;

import io.platestream.datasets.render.SampleClip;
import io.platestream.ingest.IngestService;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.pipeline.KafkaConnection;
import io.platestream.pipeline.LedgerReport;
import io.platestream.pipeline.OpenModels;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;

/**
 * The whole pipeline left running under faults: looping file cameras through ingest (in this
 * process), a parked car with 1 % poison frames, and detect and recognize as processes of their own
 * that are SIGKILLed in turn and restarted, while the broker is stopped and started now and then.
 * Every {@code reportEvery} it prints the ledger, memory and stores; at the end it drains the
 * pipeline and checks that every frame ended in exactly one outcome and nothing was written twice.
 */
public final class Soak {
  /** What to run, for how long, and how often each fault comes. */
  public record Settings(
      int cameras,
      int sampleFps,
      Duration duration,
      Duration killEvery,
      Duration bounceEvery,
      Duration reportEvery,
      Path workDir) {
    public Settings {
      if (cameras < 0 || sampleFps < 1) {
        throw new IllegalArgumentException(
            "--cameras must be 0 or more and --sample-fps 1 or more");
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("--duration must be positive");
      }
    }
  }

  /** The verdict: balanced ledger and no duplicates. */
  public record Outcome(boolean balanced, long duplicates) {
    public boolean passed() {
      return balanced && duplicates == 0;
    }
  }

  private final Settings settings;
  private final PrintWriter out;
  private final long started = System.nanoTime();

  public Soak(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  public Outcome run() throws Exception {
    Path work = settings.workDir();
    deleteRecursively(work.resolve("detect"));
    deleteRecursively(work.resolve("recognize"));
    Files.createDirectories(work);
    try (EmbeddedPlatform platform = EmbeddedPlatform.start();
        SchemaRegistryClient registry = platform.newRegistryClient()) {
      String bootstrap = platform.bootstrapServers();
      KafkaConnection kafka = new KafkaConnection(bootstrap, platform.schemaRegistryUrl(), 2);
      kafka.ensureTopics(StageTopics.all());
      try (OpenModels models = OpenModels.open(kafka, registry, Topics.ARTIFACTS, null)) {
        out.println("soak: the bundled models are published");
      }
      List<String> connection =
          List.of(
              "--bootstrap-servers", bootstrap, "--schema-registry", platform.schemaRegistryUrl());
      Path clip = SampleClip.ensure(work, 6, out);
      List<CameraConfig> cameras = new ArrayList<>();
      for (int i = 0; i < settings.cameras(); i++) {
        cameras.add(
            CameraConfig.of("loop-" + i, clip.toString())
                .withLoop(true)
                .withSampleFps(settings.sampleFps()));
      }
      StageProcess[] stages = new StageProcess[2];
      String[] names = {"detect", "recognize"};
      List<List<String>> commands =
          List.of(
              // The plate verifier as the demo runs it: the text detector alone finds ten boxes
              // a frame and the recognizer could never keep up for long.
              List.of("detect", "--max-frame-age-ms", "0", "--plate-verifier", "bundled"),
              List.of("recognize", "--max-crop-age-ms", "0"));
      int kills = 0;
      int bounces = 0;
      try (Producer<String, Frame> producer =
              FrameProducers.create(bootstrap, platform.schemaRegistryUrl(), Map.of());
          IngestService ingest =
              new IngestService(
                  IngestSettings.defaults(work.resolve("ingest")),
                  FfmpegVideoSource::open,
                  producer,
                  OperatorEndpoint.newRegistry());
          ParkedCamera parked = new ParkedCamera(producer, 1, 100)) {
        for (int i = 0; i < 2; i++) {
          stages[i] = start(names[i], commands.get(i), connection);
        }
        ingest.apply(cameras);
        out.printf(
            "soak: %d looping camera(s) at %d fps and a parked car (1 %% poison) for %s; a stage"
                + " SIGKILLed every %s, the broker bounced every %s%n",
            settings.cameras(),
            settings.sampleFps(),
            settings.duration(),
            settings.killEvery(),
            settings.bounceEvery());
        header();
        long end = started + settings.duration().toNanos();
        long nextKill = started + settings.killEvery().toNanos();
        long nextBounce = started + settings.bounceEvery().toNanos();
        long nextReport = started + settings.reportEvery().toNanos();
        while (System.nanoTime() < end) {
          Thread.sleep(500);
          long now = System.nanoTime();
          if (now >= nextKill) {
            int victim = kills % 2;
            stages[victim].kill();
            stages[victim] = start(names[victim], commands.get(victim), connection);
            kills++;
            out.printf("%s  SIGKILL %s and restart (%d)%n", clock(), names[victim], kills);
            nextKill += settings.killEvery().toNanos();
          }
          if (now >= nextBounce) {
            platform.kafka().stopBroker();
            Thread.sleep(5_000);
            platform.kafka().startBroker();
            bounces++;
            out.printf("%s  broker stopped 5 s and started (%d)%n", clock(), bounces);
            nextBounce += settings.bounceEvery().toNanos();
          }
          for (int i = 0; i < 2; i++) {
            if (!stages[i].alive()) {
              out.printf("%s  %s ended by itself:%n%s%n", clock(), names[i], stages[i].logTail());
              stages[i] = start(names[i], commands.get(i), connection);
            }
          }
          if (now >= nextReport) {
            report(bootstrap, registry, published(ingest.statuses()) + parked.sent(), stages);
            nextReport += settings.reportEvery().toNanos();
          }
        }
        long offered = published(ingest.stopAll());
        parked.close();
        long published = offered + parked.sent();
        out.printf(
            "%s  cameras stopped: %d frames in Kafka (%d poison); draining%n",
            clock(), published, parked.poisoned());
        long drainUntil = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < drainUntil && !drained(bootstrap, registry, published)) {
          Thread.sleep(1_000);
        }
        Thread.sleep(8_000); // the last passes close on the recognizer's idle timeout
        report(bootstrap, registry, published, stages);
        Outcome outcome = verdict(bootstrap, registry, published, parked.poisoned());
        for (StageProcess stage : stages) {
          stage.close();
        }
        out.printf("faults: %d stage kills, %d broker bounces%n", kills, bounces);
        return outcome;
      } finally {
        for (StageProcess stage : stages) {
          if (stage != null) {
            stage.close();
          }
        }
      }
    }
  }

  private StageProcess start(String name, List<String> command, List<String> connection)
      throws IOException {
    return StageProcess.start(
        settings.workDir().resolve(name + ".log"),
        StageProcess.stageArguments(
            command, connection, settings.workDir().resolve(name), "soak-" + name));
  }

  private void header() {
    out.printf(
        "%-8s %9s %9s %6s %9s %9s %9s %7s | %9s %9s %9s %9s | %8s %8s%n",
        "time",
        "in Kafka",
        "taken",
        "dlq",
        "plates",
        "read",
        "in-flight",
        "events",
        "rss det",
        "rss rec",
        "rss soak",
        "heap soak",
        "det KB",
        "rec KB");
  }

  private void report(
      String bootstrap, SchemaRegistryClient registry, long published, StageProcess[] stages) {
    LedgerReport ledger;
    try {
      ledger = LedgerReport.read(bootstrap, registry);
    } catch (RuntimeException e) {
      out.printf("%s  ledger not readable now: %s%n", clock(), e.getMessage());
      return;
    }
    long taken = 0;
    long dlq = 0;
    long plates = 0;
    long read = 0;
    long inFlight = 0;
    long events = 0;
    for (String camera : ledger.cameras()) {
      taken += ledger.framesTaken(camera);
      dlq += ledger.count(LedgerReport.DETECTOR, camera, "dead_lettered");
      plates += ledger.count(LedgerReport.DETECTOR, camera, "plates");
      read += ledger.count(LedgerReport.RECOGNIZER, camera, "read");
      inFlight += ledger.platesInFlight(camera);
      events += ledger.count(LedgerReport.RECOGNIZER, camera, "events_final");
    }
    out.printf(
        "%-8s %9d %9d %6d %9d %9d %9d %7d | %8dM %8dM %8dM %8dM | %8d %8d%n",
        clock(),
        published,
        taken,
        dlq,
        plates,
        read,
        inFlight,
        events,
        stages[0].residentBytes() >> 20,
        stages[1].residentBytes() >> 20,
        StageProcess.residentBytes(ProcessHandle.current().pid()) >> 20,
        usedHeapAfterCollection() >> 20,
        size(settings.workDir().resolve("detect")) >> 10,
        size(settings.workDir().resolve("recognize")) >> 10);
    out.flush();
  }

  /** This process's heap in use just after a collection: what stays, not what waits for GC. */
  private static long usedHeapAfterCollection() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static boolean drained(String bootstrap, SchemaRegistryClient registry, long published) {
    try {
      LedgerReport ledger = LedgerReport.read(bootstrap, registry);
      long taken = ledger.cameras().stream().mapToLong(ledger::framesTaken).sum();
      long inFlight = ledger.cameras().stream().mapToLong(ledger::platesInFlight).sum();
      return taken == published && inFlight == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Reads every committed output once: the ledger against the inputs, and duplicates by id. */
  private Outcome verdict(
      String bootstrap, SchemaRegistryClient registry, long published, long poisoned) {
    LedgerReport ledger = LedgerReport.read(bootstrap, registry);
    long taken = ledger.cameras().stream().mapToLong(ledger::framesTaken).sum();
    long inFlight = ledger.cameras().stream().mapToLong(ledger::platesInFlight).sum();
    long deadLettered =
        ledger.cameras().stream()
            .mapToLong(c -> ledger.count(LedgerReport.DETECTOR, c, "dead_lettered"))
            .sum();
    long duplicates =
        duplicates(
                bootstrap,
                Topics.PLATES,
                new AvroDeserializer<>(PlateDetection.class, registry),
                d -> d.getDetectionId().toString())
            + duplicates(
                bootstrap,
                Topics.READS,
                new AvroDeserializer<>(PlateRead.class, registry),
                r -> r.getDetectionId().toString())
            + duplicates(
                bootstrap,
                Topics.EVENTS,
                new AvroDeserializer<>(PlateEvent.class, registry),
                e -> e.getEventId() + (e.getProvisional() ? "/early" : "/final"));
    boolean balanced = taken == published && inFlight == 0 && deadLettered >= poisoned;
    out.printf(
        "ledger: frames in Kafka %d, taken by detect %d (dead-lettered %d, poison sent %d),"
            + " plates in flight %d -> %s; duplicates %d%n",
        published,
        taken,
        deadLettered,
        poisoned,
        inFlight,
        balanced ? "balanced" : "NOT balanced",
        duplicates);
    ledger.lines().forEach(out::println);
    return new Outcome(balanced, duplicates);
  }

  private static <V> long duplicates(
      String bootstrap,
      String topic,
      org.apache.kafka.common.serialization.Deserializer<V> values,
      java.util.function.Function<V, String> id) {
    Set<String> seen = new HashSet<>();
    long repeated = 0;
    for (V value : KafkaClients.readAll(bootstrap, topic, values, Duration.ofMinutes(10))) {
      if (!seen.add(id.apply(value))) {
        repeated++;
      }
    }
    return repeated;
  }

  private static long published(List<CameraStatus> statuses) {
    return statuses.stream().mapToLong(CameraStatus::publishedFrames).sum();
  }

  private String clock() {
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  private static long size(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(Soak::sizeOf).sum();
    } catch (IOException | UncheckedIOException e) {
      return 0; // changing under the walk (RocksDB compaction): the next report has it
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // gone meanwhile (RocksDB compaction)
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
