package io.platestream.pipeline;

import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.publish.IngestLedger;
import io.platestream.schemas.LedgerEntry;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.util.Map;

/** Ingest's ledger on a cluster, each camera carrying on from the counts its last entry holds. */
public final class IngestLedgers {
  private IngestLedgers() {}

  /**
   * @param overrides further client settings, as the frames' producer takes them (security)
   */
  public static IngestLedger open(
      String bootstrapServers,
      String registryUrl,
      Map<String, Object> overrides,
      SchemaRegistryClient registry) {
    LedgerReport previous = LedgerReport.read(bootstrapServers, registry);
    return new IngestLedger(
        FrameProducers.<LedgerEntry>create(
            bootstrapServers, registryUrl, overrides, "platestream-ingest-ledger"),
        Topics.LEDGER,
        camera -> previous.counts(IngestLedger.STAGE, camera));
  }
}
