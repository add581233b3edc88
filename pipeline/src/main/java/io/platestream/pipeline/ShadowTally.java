package io.platestream.pipeline;

import io.platestream.platform.KafkaClients;
import io.platestream.schemas.ShadowComparison;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.Locale;

/**
 * How a shadow version fared on live inputs so far: the stages' comparisons on {@code
 * platestream.shadow} for that version, counted.
 *
 * @param compared inputs both versions ran on
 * @param agreed inputs on which they gave the same output
 */
public record ShadowTally(long compared, long agreed) {

  /** The comparisons of {@code modelName} version {@code version} on {@code topic}. */
  public static ShadowTally read(
      String bootstrapServers,
      SchemaRegistryClient registry,
      String topic,
      String modelName,
      int version) {
    long compared = 0;
    long agreed = 0;
    for (ShadowComparison comparison :
        KafkaClients.readAll(
            bootstrapServers,
            topic,
            new AvroDeserializer<>(ShadowComparison.class, registry),
            Duration.ofSeconds(60))) {
      if (comparison.getModelName().toString().equals(modelName)
          && comparison.getShadow().getVersion() == version) {
        compared++;
        agreed += comparison.getAgree() ? 1 : 0;
      }
    }
    return new ShadowTally(compared, agreed);
  }

  public static ShadowTally read(
      String bootstrapServers, SchemaRegistryClient registry, String modelName, int version) {
    return read(bootstrapServers, registry, Topics.SHADOW, modelName, version);
  }

  /** Share of the compared inputs on which the two agreed; 0 before any. */
  public double agreement() {
    return compared == 0 ? 0 : (double) agreed / compared;
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "agreed with production on %d of %d live inputs (%.3f)",
        agreed,
        compared,
        agreement());
  }
}
