package io.platestream.bench.detector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.image.Images;
import io.platestream.detector.inference.DetPreprocessor;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.stage.Batching;
import io.platestream.detector.stage.DetectorMetrics;
import io.platestream.detector.stage.DetectorTopology;
import io.platestream.detector.stage.DetectorWorkers;
import io.platestream.detector.stage.FrameImages;
import io.platestream.models.serving.ModelSource;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.schemas.Frame;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.serde.AvroSerializer;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The detector stage (Kafka Streams, exactly-once, on the embedded broker) against raw ONNX Runtime
 * on the same frames in the same run. One stage serves every round, as a deployed stage runs; each
 * round publishes new frames to it and times it from its first frames out to its last, after
 * warm-up rounds, so start-up is not counted. Raw is the session alone on tensors prepared
 * beforehand in direct buffers (which ONNX Runtime reads without a copy), at batch 1 and, for a
 * stage that batches in one run, at its batch size.
 *
 * <p>With side-by-side workers the stage's model has fewer intra-op threads per run, so raw ONNX
 * Runtime is measured twice: as the baseline (one run at a time on the given model, all cores) and
 * in the stage's own arrangement (the workers' runs at once on the stage's model). The detector
 * library is measured in that arrangement too, doing a worker's whole job per frame without Kafka
 * (JPEG decoding, detection, crop JPEGs): the stage's ceiling, which splits the stage's shortfall
 * into the library's own work and the stage's. In that arrangement each also gets its CPU time per
 * frame by thread group ({@link Cpu}), which a shared machine disturbs less than a rate, and which
 * tells the stage's own threads from the in-process broker's beside them.
 */
public final class DetectorStageBenchmark {

  /**
   * One round: frames per second of raw ONNX Runtime and of the stage, and the stage's mean time
   * per frame inside the detector library (pre-processing, session, post-processing, crops); the
   * rest of the stage's time per frame is JPEG decoding, Avro and Kafka.
   */
  public record Round(
      double rawFps,
      double rawBatchFps,
      double rawSideBySideFps,
      double librarySideBySideFps,
      double stageFps,
      double libraryMillisPerRun,
      Latency raw,
      Latency stage,
      Cpu cpu) {
    public double ratio() {
      return stageFps / rawFps;
    }

    /** Against raw runs of the stage's batch size; NaN unless the stage batches in one run. */
    public double batchRatio() {
      return stageFps / rawBatchFps;
    }

    /** Against raw runs arranged as the stage's workers run them; NaN with one worker. */
    public double sideBySideRatio() {
      return stageFps / rawSideBySideFps;
    }

    /** Against the detector library doing the workers' job without Kafka; NaN with one worker. */
    public double libraryRatio() {
      return stageFps / librarySideBySideFps;
    }
  }

  /**
   * CPU milliseconds per frame of one measured arrangement: its own threads', and the garbage
   * collector's meanwhile (one heap: while the stage is timed, that is also the in-process broker's
   * garbage, which counts against the stage).
   */
  public record CpuShare(double threads, double gc) {
    public double total() {
      return threads + gc;
    }
  }

  /**
   * CPU milliseconds per frame, side by side only (each run on its caller's thread, so a thread's
   * CPU time is its runs'; one run spread over all cores spins ONNX Runtime's own threads, which
   * are no Java threads, so it has no such figure): raw ONNX Runtime; the detector library doing a
   * worker's whole job; the stage's own threads (workers, stream thread, its Kafka clients) while
   * it is timed, and of those the stream thread and Kafka clients alone ({@code stageKafka}: what
   * Kafka costs the stage); and, in that time, the JIT compilers and the rest of the process: the
   * in-process broker and registry: what a deployed stage leaves to the broker's machine. NONE with
   * one worker, or where CPU time per thread cannot be read.
   */
  public record Cpu(
      CpuShare raw, CpuShare library, CpuShare stage, double stageKafka, double jit, double rest) {
    static final CpuShare NO_SHARE = new CpuShare(Double.NaN, Double.NaN);
    static final Cpu NONE =
        new Cpu(NO_SHARE, NO_SHARE, NO_SHARE, Double.NaN, Double.NaN, Double.NaN);

    public boolean measured() {
      return !Double.isNaN(stage.total());
    }

    /**
     * Raw ONNX Runtime's CPU per frame over the stage's (garbage collection counted in both): the
     * share of raw throughput the stage would sustain on cores of its own, the broker elsewhere, if
     * CPU is what bounds both.
     */
    public double stageRatio() {
      return raw.total() / stage.total();
    }
  }

  /**
   * Milliseconds per frame at the median and the 99th percentile: for raw ONNX Runtime one run; for
   * the stage from a frame's arrival to its detections leaving (waiting for a batch or a worker
   * included).
   */
  public record Latency(double p50, double p99) {
    static Latency of(List<Double> millis) {
      double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Latency(percentile(sorted, 0.5), percentile(sorted, 0.99));
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    private static double percentile(double[] sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }

  private DetectorStageBenchmark() {}

  /**
   * {@code raw} is the baseline session (all cores); {@code staged} is the one the stage runs,
   * batched per {@code batching} (the same object as {@code raw} with one worker).
   */
  public static List<Round> run(
      OnnxDetectorModel raw,
      OnnxDetectorModel staged,
      Batching batching,
      List<BufferedImage> images,
      int warmupRounds,
      int rounds,
      Consumer<String> progress)
      throws Exception {
    if (warmupRounds < 1) {
      throw new IllegalArgumentException(
          "the stage needs at least 1 warm-up round before it is timed, not " + warmupRounds);
    }
    if (images.size() < 2 * batching.maxFrames()) {
      throw new IllegalArgumentException(
          "the stage is timed after its first batch: give at least two batches of frames ("
              + 2 * batching.maxFrames()
              + "), not "
              + images.size());
    }
    DetPreprocessor pre = new DetPreprocessor(960);
    int[] size = pre.targetSize(images.get(0).getWidth(), images.get(0).getHeight());
    List<float[]> arrays = new ArrayList<>();
    for (BufferedImage image : images) {
      float[] input = new float[3 * size[0] * size[1]];
      pre.writeInto(image, size[0], size[1], input, 0, size[0], size[1]);
      arrays.add(input);
    }
    // A stage batching N frames in one run is also measured against raw runs of N frames.
    int batch = batching.sideBySide() ? 1 : batching.maxFrames();
    List<float[]> batchArrays = new ArrayList<>();
    for (int first = 0; batch > 1 && first + batch <= arrays.size(); first += batch) {
      float[] input = new float[batch * arrays.get(0).length];
      for (int k = 0; k < batch; k++) {
        System.arraycopy(
            arrays.get(first + k), 0, input, k * arrays.get(0).length, arrays.get(0).length);
      }
      batchArrays.add(input);
    }
    // Raw ONNX Runtime at its fastest: inputs already in direct buffers, which it reads in place,
    // as the stage's own inputs are.
    List<FloatBuffer> tensors = arrays.stream().map(DetectorStageBenchmark::direct).toList();
    List<FloatBuffer> batches = batchArrays.stream().map(DetectorStageBenchmark::direct).toList();
    List<Round> results = new ArrayList<>();
    Path state = Files.createTempDirectory("platestream-bench-detector-stage");
    try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
      String frames = "bench-frames";
      platform.kafka().createTopics(1, frames, "bench-plates", frames + ".dlq");
      PlateDetector library = PlateDetector.withDefaults(staged);
      tensors.forEach(t -> raw.run(t.duplicate(), 1, size[1], size[0])); // warm-up
      batches.forEach(t -> raw.run(t.duplicate(), batch, size[1], size[0])); // warm-up
      // One stage for all rounds, as a deployed stage runs: a fresh Kafka Streams instance per
      // round would time its start-up too (the JIT compiles its start-up paths for seconds after).
      // It idles while the baselines run.
      CompositeMeterRegistry meters = new CompositeMeterRegistry();
      String applicationId = "bench-detector-" + UUID.randomUUID();
      // Kafka Streams names its threads and its clients' after the application id.
      Predicate<String> kafkaThreads = name -> name.contains(applicationId);
      StageThreads stageThreads =
          new StageThreads(kafkaThreads.or(DetectorWorkers.THREAD_NAME::equals), kafkaThreads);
      KafkaStreams streams =
          stage(platform, staged, batching, frames, meters, applicationId, state);
      AtomicInteger rebalances = new AtomicInteger();
      streams.setStateListener(
          (now, before) -> {
            if (now == KafkaStreams.State.REBALANCING && before == KafkaStreams.State.RUNNING) {
              rebalances.incrementAndGet();
            }
          });
      try {
        streams.start();
        // Warm-up: the JIT compiles per-frame code for thousands of frames; with too short a
        // warm-up it shares the timed rounds' cores, which a stage running for hours does not see.
        for (int warmup = 0; warmup < warmupRounds; warmup++) {
          List<Frame> records = frameRecords(images, warmup);
          if (batching.sideBySide()) {
            librarySideBySide(library, records, batching.workers());
          }
          stageRound(platform, meters, batching, frames, stageThreads, records);
        }
        for (int round = 1; round <= rounds; round++) {
          List<Double> rawMillis = new ArrayList<>();
          long start = System.nanoTime();
          for (FloatBuffer tensor : tensors) {
            long run = System.nanoTime();
            raw.run(tensor.duplicate(), 1, size[1], size[0]);
            rawMillis.add((System.nanoTime() - run) / 1e6);
          }
          double rawFps = images.size() / ((System.nanoTime() - start) / 1e9);
          double rawBatchFps = Double.NaN;
          if (batch > 1) {
            start = System.nanoTime();
            batches.forEach(t -> raw.run(t.duplicate(), batch, size[1], size[0]));
            rawBatchFps = batches.size() * batch / ((System.nanoTime() - start) / 1e9);
          }
          List<Frame> records = frameRecords(images, warmupRounds - 1 + round);
          SideBySideRun sideBySide =
              batching.sideBySide()
                  ? sideBySide(staged, tensors, size, batching.workers())
                  : new SideBySideRun(Double.NaN, Cpu.NO_SHARE);
          SideBySideRun librarySideBySide =
              batching.sideBySide()
                  ? librarySideBySide(library, records, batching.workers())
                  : new SideBySideRun(Double.NaN, Cpu.NO_SHARE);
          int rebalancesBefore = rebalances.get();
          StageRun stage = stageRound(platform, meters, batching, frames, stageThreads, records);
          if (rebalances.get() != rebalancesBefore) {
            // A rebalance mid-round (a task migrated after a producer error, say) makes the stage
            // detect again the frames after its last commit: they count twice, inflating the rate.
            progress.accept(
                "round "
                    + round
                    + ": the stage rebalanced during the round (cause in the log), so some frames"
                    + " were detected twice; repeating its stage run with new frames");
            rebalancesBefore = rebalances.get();
            stage =
                stageRound(
                    platform,
                    meters,
                    batching,
                    frames,
                    stageThreads,
                    frameRecords(images, warmupRounds - 1 + round + rounds));
            if (rebalances.get() != rebalancesBefore) {
              throw new IllegalStateException(
                  "the stage rebalanced during round " + round + " twice: no rate to report");
            }
          }
          Round result =
              new Round(
                  rawFps,
                  rawBatchFps,
                  sideBySide.fps(),
                  librarySideBySide.fps(),
                  stage.fps(),
                  stage.libraryMillis(),
                  Latency.of(rawMillis),
                  stage.latency(),
                  batching.sideBySide() && ThreadCpu.available()
                      ? new Cpu(
                          sideBySide.cpu(),
                          librarySideBySide.cpu(),
                          stage.cpu(),
                          stage.kafkaCpuMillis(),
                          stage.jitCpuMillis(),
                          stage.restCpuMillis())
                      : Cpu.NONE);
          results.add(result);
          progress.accept(progressLine(round, rounds, result, batching.sideBySide(), batch));
        }
      } finally {
        streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
      }
    }
    return results;
  }

  /** One round's figures in a line; {@code batch} is the stage's run size when it batches. */
  private static String progressLine(
      int round, int rounds, Round result, boolean sideBySide, int batch) {
    String baselines = "", ratios = "";
    if (sideBySide) {
      baselines =
          String.format(
              ", side by side %.2f frames/s; detector library side by side %.2f frames/s",
              result.rawSideBySideFps(), result.librarySideBySideFps());
      ratios =
          String.format(
              " (%.2f side by side, %.2f of the library)",
              result.sideBySideRatio(), result.libraryRatio());
    } else if (batch > 1) {
      baselines = String.format(", batch %d %.2f frames/s", batch, result.rawBatchFps());
      ratios = String.format(" (%.2f of batch %d)", result.batchRatio(), batch);
    }
    Cpu cpu = result.cpu();
    String cpuFigures =
        !cpu.measured()
            ? ""
            : String.format(
                "; CPU ms/frame with GC: raw side by side %.0f, library %.0f, stage %.0f (its"
                    + " threads %.0f, of which Kafka's %.0f, GC %.0f; raw / stage %.2f), meanwhile"
                    + " JIT %.0f and the rest of the process %.0f",
                cpu.raw().total(),
                cpu.library().total(),
                cpu.stage().total(),
                cpu.stage().threads(),
                cpu.stageKafka(),
                cpu.stage().gc(),
                cpu.stageRatio(),
                cpu.jit(),
                cpu.rest());
    return String.format(
        "round %d/%d: raw ONNX Runtime %.2f frames/s (%.0f ms/frame, p50 %.0f p99 %.0f ms)%s,"
            + " stage %.2f frames/s (%.0f ms/frame; %.0f ms per run in the detector library;"
            + " frame latency p50 %.0f p99 %.0f ms), ratio %.2f%s%s",
        round,
        rounds,
        result.rawFps(),
        1000 / result.rawFps(),
        result.raw().p50(),
        result.raw().p99(),
        baselines,
        result.stageFps(),
        1000 / result.stageFps(),
        result.libraryMillisPerRun(),
        result.stage().p50(),
        result.stage().p99(),
        result.ratio(),
        ratios,
        cpuFigures);
  }

  /** A side-by-side baseline: frames per second, and its CPU milliseconds per frame. */
  private record SideBySideRun(double fps, CpuShare cpu) {}

  /** {@code workers} threads each running one tensor at a time. */
  private static SideBySideRun sideBySide(
      OnnxDetectorModel model, List<FloatBuffer> tensors, int[] size, int workers)
      throws Exception {
    return onThreads(
        "bench-raw",
        workers,
        tensors.stream()
            .map(tensor -> (Runnable) () -> model.run(tensor.duplicate(), 1, size[1], size[0]))
            .toList());
  }

  /**
   * {@code workers} threads each doing a stage worker's job on one frame at a time, without Kafka:
   * decode the JPEG, detect, encode the crops.
   */
  private static SideBySideRun librarySideBySide(
      PlateDetector detector, List<Frame> frames, int workers) throws Exception {
    return onThreads(
        "bench-library",
        workers,
        frames.stream()
            .map(
                frame ->
                    (Runnable)
                        () ->
                            detector.detectEncoded(
                                FrameImages.decodeNative(frame), FrameImages.CROP_JPEG_QUALITY))
            .toList());
  }

  /** Runs each frame's job on a pool of {@code workers} threads named {@code name}. */
  private static SideBySideRun onThreads(String name, int workers, List<Runnable> frameJobs)
      throws Exception {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            job -> {
              Thread thread = new Thread(job, name);
              thread.setDaemon(true);
              return thread;
            });
    try {
      ThreadCpu.Reading before = ThreadCpu.read();
      long start = System.nanoTime();
      List<Future<?>> runs = new ArrayList<>();
      for (Runnable job : frameJobs) {
        runs.add(pool.submit(job));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ThreadCpu.Reading after = ThreadCpu.read(); // before the pool's threads end
      double frames = frameJobs.size();
      return new SideBySideRun(
          frames / seconds,
          new CpuShare(
              after.threadNanosSince(before, name::equals) / 1e6 / frames,
              after.gcNanosSince(before) / 1e6 / frames));
    } finally {
      pool.shutdownNow();
    }
  }

  /** The stage's threads by name: all of them, and its stream thread and Kafka clients. */
  private record StageThreads(Predicate<String> all, Predicate<String> kafka) {}

  /**
   * One stage run: its rate, its mean time per run in the library, its frame latency, and CPU
   * milliseconds per frame of its own threads and the garbage collector, of the JIT compilers, and
   * of the rest of the process meanwhile.
   */
  private record StageRun(
      double fps,
      double libraryMillis,
      Latency latency,
      CpuShare cpu,
      double kafkaCpuMillis,
      double jitCpuMillis,
      double restCpuMillis) {}

  /** The stage under test, not yet started, recording into {@code meters}. */
  private static KafkaStreams stage(
      EmbeddedPlatform platform,
      OnnxDetectorModel model,
      Batching batching,
      String frames,
      MeterRegistry meters,
      String applicationId,
      Path state) {
    return new KafkaStreams(
        DetectorTopology.build(
            DetectorTopology.Spec.of(
                    platform.newRegistryClient(),
                    ModelSource.fixed(
                        PlateDetector.withDefaults(model), new ModelRef("plate-detector", 1)))
                .withMetrics(new DetectorMetrics(meters))
                .withBatching(batching)
                .withTopics(frames, "bench-plates")),
        StreamsStageConfig.properties(
            applicationId, platform.bootstrapServers(), state.resolve(applicationId)));
  }

  /**
   * Publishes one round's frames to the idle stage and times it over them: frames per second from
   * the later of their publishing and its first batch (or first frames in flight) out, to its last
   * frame, the mean milliseconds per inference run in the detector library, and the frames' latency
   * in the stage. The round's meters are a registry of their own, added to the stage's for the
   * round.
   */
  private static StageRun stageRound(
      EmbeddedPlatform platform,
      CompositeMeterRegistry stageMeters,
      Batching batching,
      String frames,
      StageThreads stageThreads,
      List<Frame> records)
      throws InterruptedException {
    int count = records.size();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    stageMeters.add(meters);
    try {
      produce(platform, frames, records); // returns once every frame is on the topic
      long first = 0;
      double doneAtFirst = 0;
      ThreadCpu.Reading cpuAtFirst = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (System.nanoTime() < deadline) {
        double done = meters.get("platestream.detector.frames").counter().count();
        if (done >= batching.maxFrames() && first == 0) {
          if (done >= count) {
            throw new IllegalStateException(
                "the stage detected all "
                    + count
                    + " frames while they were being published:"
                    + " give more frames");
          }
          first = System.nanoTime();
          doneAtFirst = done;
          cpuAtFirst = ThreadCpu.read();
        }
        double dead = meters.get("platestream.detector.dead.letters").counter().count();
        if (dead > 0) {
          // Dead-lettered frames count as processed but were never detected: no rate to report.
          throw new IllegalStateException(
              (long) dead
                  + " of the benchmark's frames went to the dead-letter topic instead of being"
                  + " detected; see the log for the cause");
        }
        if (done >= count) {
          // The clock starts once the round's frames are all on the topic and the first batch (or
          // the first frames in flight) is out, so the frames after that are what it timed.
          double timedFrames = count - doneAtFirst;
          double fps = timedFrames / ((System.nanoTime() - first) / 1e9);
          ThreadCpu.Reading cpuAtLast = ThreadCpu.read();
          long stageNanos = cpuAtLast.threadNanosSince(cpuAtFirst, stageThreads.all());
          long kafkaNanos = cpuAtLast.threadNanosSince(cpuAtFirst, stageThreads.kafka());
          long gcNanos = cpuAtLast.gcNanosSince(cpuAtFirst);
          long jitNanos = cpuAtLast.jitNanosSince(cpuAtFirst);
          long restNanos =
              cpuAtLast.processNanosSince(cpuAtFirst) - stageNanos - gcNanos - jitNanos;
          double libraryMillis =
              meters
                  .get("platestream.detector.inference")
                  .timer()
                  .mean(java.util.concurrent.TimeUnit.MILLISECONDS);
          var latency = meters.get("platestream.detector.frame.latency").timer().takeSnapshot();
          return new StageRun(
              fps,
              libraryMillis,
              new Latency(percentileMillis(latency, 0.5), percentileMillis(latency, 0.99)),
              new CpuShare(stageNanos / 1e6 / timedFrames, gcNanos / 1e6 / timedFrames),
              kafkaNanos / 1e6 / timedFrames,
              jitNanos / 1e6 / timedFrames,
              restNanos / 1e6 / timedFrames);
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException("the stage did not process " + count + " frames in 10 min");
    } finally {
      stageMeters.remove(meters);
    }
  }

  private static double percentileMillis(
      io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot, double q) {
    for (var value : snapshot.percentileValues()) {
      if (value.percentile() == q) {
        return value.value(java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
    throw new IllegalStateException("the frame latency meter publishes no " + q + " percentile");
  }

  /**
   * The frames as the ingest stage would publish them (JPEG at quality 85), numbered on from the
   * rounds before so that every round's frames are new ones.
   */
  private static List<Frame> frameRecords(List<BufferedImage> images, int round) {
    List<Frame> records = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = images.get(i);
      long seq = (long) round * images.size() + i;
      records.add(
          Frame.newBuilder()
              .setCameraId("bench")
              .setSeq(seq)
              .setCaptureTimeMs(seq * 200L)
              .setIngestTimeMs(seq * 200L)
              .setWidth(image.getWidth())
              .setHeight(image.getHeight())
              .setJpeg(ByteBuffer.wrap(Images.jpeg(image, 85)))
              .setSourceUri("synthetic")
              .build());
    }
    return records;
  }

  private static void produce(EmbeddedPlatform platform, String topic, List<Frame> frames) {
    try (KafkaProducer<String, Frame> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                8 * 1024 * 1024),
            new StringSerializer(),
            new AvroSerializer<>(platform.newRegistryClient()))) {
      for (Frame frame : frames) {
        producer.send(new ProducerRecord<>(topic, "bench", frame));
      }
      producer.flush();
    }
  }

  private static FloatBuffer direct(float[] values) {
    FloatBuffer buffer =
        ByteBuffer.allocateDirect(values.length * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    return buffer.put(values).flip();
  }
}
