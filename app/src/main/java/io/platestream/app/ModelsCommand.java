package io.platestream.app;

import io.platestream.models.registry.ModelCatalog;
import io.platestream.models.registry.ModelRegistry;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.pipeline.OpenModels;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The model registry: list, show, publish, promote, shadow, roll back, retire. */
@Command(
    name = "models",
    description = {
      "Publish, promote, shadow, roll back and retire model versions.",
      "Actions on platestream.models: list | show NAME V | publish NAME FILE |",
      "promote NAME V | shadow NAME V | rollback NAME | retire NAME V.",
      "The bundled pair is published as version 1 on first use. A shadow version runs",
      "beside production on a share of the stages' inputs; its comparisons go to",
      "platestream.shadow."
    })
final class ModelsCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Parameters(index = "0", description = "list, show, publish, promote, shadow, rollback or retire")
  String action;

  @Parameters(index = "1..*", arity = "0..2", description = "NAME, then VERSION or FILE")
  List<String> arguments = List.of();

  @Mixin ModelOptions models;

  @Option(names = "--reason", description = "Why, recorded with the status change.")
  String reason = "by the platestream models command";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (EmbeddedPlatform embedded = kafka.connect(out);
        SchemaRegistryClient schemas = kafka.registryClient();
        OpenModels opened = models.open(kafka, schemas)) {
      ModelRegistry registry = opened.registry();
      if (embedded != null) {
        out.println("(an embedded broker forgets everything when this command ends)");
      }
      ModelCatalog catalog = opened.catalog();
      switch (action) {
        case "list" -> {
          for (String name : List.of(PretrainedModels.DETECTOR, PretrainedModels.RECOGNIZER)) {
            registry.versions(name).forEach(v -> out.println(line(v)));
          }
        }
        case "show" ->
            out.println(
                registry
                    .version(name(), version(1))
                    .map(ModelVersion::toString)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                name() + " has no version " + version(1))));
        case "publish" -> {
          Path file = Path.of(argument(1, "FILE"));
          if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no model file at " + file);
          }
          out.println(
              line(
                  catalog.publish(name(), Files.readAllBytes(file), null, Map.of(), null, reason)));
        }
        case "promote" -> out.println(line(catalog.promote(name(), version(1), reason)));
        case "shadow" -> out.println(line(catalog.shadow(name(), version(1), reason)));
        case "rollback" -> out.println(line(catalog.rollback(name(), reason)));
        case "retire" -> out.println(line(catalog.retire(name(), version(1), reason)));
        default ->
            throw new IllegalArgumentException(
                "unknown action '"
                    + action
                    + "': list, show, publish, promote, shadow, rollback or retire");
      }
    }
    return 0;
  }

  private static String line(ModelVersion v) {
    return String.format(
        "%-17s v%-3d %-10s sha256 %s  %s  (%s)",
        v.getModelName(),
        v.getVersion(),
        v.getStatus(),
        v.getSha256().toString().substring(0, 12),
        v.getArtifactUri(),
        v.getStatusReason());
  }

  private String name() {
    return argument(0, "NAME");
  }

  private int version(int index) {
    String text = argument(index, "VERSION");
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("VERSION must be a number, got '" + text + "'");
    }
  }

  private String argument(int index, String what) {
    if (arguments.size() <= index) {
      throw new IllegalArgumentException("'models " + action + "' needs " + what);
    }
    return arguments.get(index);
  }
}
