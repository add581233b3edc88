package io.platestream.training.publish;

import io.platestream.models.registry.ModelCatalog;
import io.platestream.schemas.ModelVersion;
import java.util.Map;

/**
 * A fine-tuned model into the registry: published as a candidate child of the version it was
 * trained from, then promoted to production only if the quality gate passes it against production's
 * metrics on the same validation data.
 */
public final class CandidatePublisher {
  private final ModelCatalog catalog;
  private final QualityGate gate;

  /** The candidate and what the gate said of it. */
  public record Published(ModelVersion candidate, QualityGate.Verdict verdict) {}

  public CandidatePublisher(ModelCatalog catalog, QualityGate gate) {
    this.catalog = catalog;
    this.gate = gate;
  }

  /**
   * @param parent the version it was trained from (its dictionary is the candidate's)
   * @param metrics the candidate's validation metrics, recorded with it
   * @param settings how it was trained, recorded with it
   * @param productionMetrics production's metrics on the same validation data
   */
  public Published publish(
      byte[] trained,
      ModelVersion parent,
      Map<String, Double> metrics,
      Map<String, String> settings,
      Map<String, Double> productionMetrics,
      String reason) {
    return publish(trained, parent, metrics, settings, productionMetrics, reason, false);
  }

  /**
   * @param shadowFirst a candidate the gate passes runs in shadow instead of being promoted, so
   *     that live traffic judges it before it serves (see {@code platestream retrain})
   */
  public Published publish(
      byte[] trained,
      ModelVersion parent,
      Map<String, Double> metrics,
      Map<String, String> settings,
      Map<String, Double> productionMetrics,
      String reason,
      boolean shadowFirst) {
    String name = parent.getModelName();
    ModelVersion candidate =
        catalog.publish(
            name, trained, parent.getDictionary(), metrics, settings, parent.getVersion(), reason);
    QualityGate.Verdict verdict = gate.judge(metrics, productionMetrics);
    if (verdict.promote() && shadowFirst) {
      catalog.shadow(
          name,
          candidate.getVersion(),
          "quality gate passed, shadow before promotion: " + verdict.reason());
    } else if (verdict.promote()) {
      catalog.promote(name, candidate.getVersion(), "quality gate: " + verdict.reason());
    }
    return new Published(candidate, verdict);
  }
}
