package io.platestream.bench.history;

import io.platestream.bench.RoundStats;
import io.platestream.sink.history.HistoryDatabase;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The history writer's batched upserts against one event per transaction, on one database. */
@Command(
    name = "history",
    description = {
      "PostgreSQL history writes against one event per transaction.",
      "Compares the sink's batched upserts with the plain one-by-one baseline."
    })
public final class BenchHistoryCommand implements Callable<Integer> {
  @Option(names = "--history-url", required = true, description = "PostgreSQL JDBC URL.")
  String url;

  @Option(names = "--history-user", description = "User (default: ${DEFAULT-VALUE}).")
  String user = "platestream";

  @Option(
      names = "--history-password",
      defaultValue = "${env:PLATESTREAM_HISTORY_PASSWORD}",
      description = "Password (default: $PLATESTREAM_HISTORY_PASSWORD).")
  String password;

  @Option(names = "--events", description = "Events per round (default: ${DEFAULT-VALUE}).")
  int events = 5000;

  @Option(names = "--rounds", description = "Rounds (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Option(
      names = "--batch",
      split = ",",
      description = "Batch sizes; the first is the baseline (default: 1,50,500).")
  List<Integer> batches = new ArrayList<>(List.of(1, 50, 500));

  @Option(names = "--crop-bytes", description = "Crop size per event (default: ${DEFAULT-VALUE}).")
  int cropBytes = 4000;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (HistoryDatabase database =
        HistoryDatabase.connect(url, user, password == null ? "" : password)) {
      out.printf(
          "history benchmark: %d events per round with %d-byte crops, %d rounds, %s%n",
          events, cropBytes, rounds, url);
      List<HistoryBenchmark.Round> results =
          HistoryBenchmark.run(
              database.dataSource(),
              events,
              rounds,
              batches,
              cropBytes,
              line -> {
                out.println("  " + line);
                out.flush();
              });
      Map<Integer, List<Double>> rates = new TreeMap<>();
      Map<Integer, List<Double>> ratios = new TreeMap<>();
      int baseline = batches.get(0);
      for (HistoryBenchmark.Round r : results) {
        rates.computeIfAbsent(r.batch(), b -> new ArrayList<>()).add(r.eventsPerSecond());
        double base =
            results.stream()
                .filter(o -> o.round() == r.round() && o.batch() == baseline)
                .findFirst()
                .orElseThrow()
                .eventsPerSecond();
        ratios.computeIfAbsent(r.batch(), b -> new ArrayList<>()).add(r.eventsPerSecond() / base);
      }
      out.println(
          "| batch | events/s median | range | / batch " + baseline + " (median of rounds) |");
      out.println("|---|---|---|---|");
      for (int batch : batches) {
        RoundStats rate = RoundStats.of(rates.get(batch));
        RoundStats ratio = RoundStats.of(ratios.get(batch));
        out.printf(
            "| %d | %.0f | %.0f-%.0f | %.2f (%.2f-%.2f) |%n",
            batch, rate.median(), rate.min(), rate.max(), ratio.median(), ratio.min(), ratio.max());
      }
    }
    return 0;
  }
}
