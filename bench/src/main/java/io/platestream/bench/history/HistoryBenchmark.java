package io.platestream.bench.history;

import io.platestream.schemas.FrameRef;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateCandidate;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Point;
import io.platestream.schemas.Quad;
import io.platestream.sink.history.EventRows;
import io.platestream.sink.history.PlateProtection;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * How fast the history stores events: the writer's batched upsert (one transaction per batch) per
 * batch size, against one event per transaction as the baseline, on the same synthetic events in
 * the same run. Each round stores fresh event ids (inserts, as in production), then the table is
 * emptied.
 */
public final class HistoryBenchmark {
  /** Events stored per second in one round of one batch size. */
  public record Round(int round, int batch, double eventsPerSecond) {}

  private HistoryBenchmark() {}

  public static List<Round> run(
      DataSource database,
      int events,
      int rounds,
      List<Integer> batches,
      int cropBytes,
      Consumer<String> progress)
      throws SQLException {
    List<Round> results = new ArrayList<>();
    byte[] crop = new byte[cropBytes];
    new Random(7).nextBytes(crop);
    for (int round = 0; round < rounds; round++) {
      for (int batch : batches) {
        List<PlateEvent> sample = events(round + "-" + batch, events, crop);
        empty(database);
        long started = System.nanoTime();
        for (int from = 0; from < sample.size(); from += batch) {
          try (Connection connection = database.getConnection()) {
            EventRows.upsert(
                connection,
                sample.subList(from, Math.min(sample.size(), from + batch)),
                PlateProtection.clear(),
                true);
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Round result = new Round(round, batch, events / seconds);
        results.add(result);
        progress.accept(
            String.format(
                "round %d, batch %d: %.0f events/s", round, batch, result.eventsPerSecond()));
      }
    }
    empty(database);
    return results;
  }

  private static List<PlateEvent> events(String prefix, int count, byte[] crop) {
    List<PlateEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String plate = String.format("京A%05d", i % 100_000);
      long time = 1_700_000_000_000L + i * 200L;
      events.add(
          PlateEvent.newBuilder()
              .setEventId("bench-" + prefix + "/" + i)
              .setCameraId("cam-" + (i % 8))
              .setPlate(plate)
              .setValid(true)
              .setConfidence(0.9f)
              .setFirstSeenMs(time)
              .setLastSeenMs(time + 1200)
              .setReadCount(6)
              .setCandidates(
                  List.of(
                      new PlateCandidate(plate, 0.9f, true),
                      new PlateCandidate(plate + "1", 0.05f, false)))
              .setBestCrop(ByteBuffer.wrap(crop))
              .setBestFrame(new FrameRef("cam-" + (i % 8), (long) i, time, 1920, 1080))
              .setBestPolygon(
                  new Quad(
                      new Point(1f, 1f), new Point(2f, 1f), new Point(2f, 2f), new Point(1f, 2f)))
              .setDetector(new ModelRef("plate-detector", 1))
              .setRecognizer(new ModelRef("plate-recognizer", 1))
              .setEmitTimeMs(time + 4000)
              .build());
    }
    return events;
  }

  private static void empty(DataSource database) throws SQLException {
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM plate_events WHERE event_id LIKE 'bench-%'");
    }
  }
}
