package io.platestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What can be checked of the Docker deployment without a Docker engine (none on the build
 * machines): the compose file parses, every stage's command is one this program accepts, each
 * health check asks the port that command serves, and the images run the jar the tests build.
 */
class DockerComposeTest {
  private static final Path DOCKER = Path.of("..", "docker");
  private static final Map<String, String> PORTS =
      Map.of("ingest", "9410", "detect", "9411", "recognize", "9412", "sink", "8080");

  @Test
  void everyStageRunsACommandThisProgramAcceptsOnThePortItsHealthCheckAsks() throws Exception {
    JsonNode compose =
        new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
    JsonNode services = compose.get("services");
    assertThat(services.fieldNames())
        .toIterable()
        .contains("kafka", "schema-registry", "postgres", "ingest", "detect", "recognize", "sink");

    for (Map.Entry<String, String> stage : PORTS.entrySet()) {
      JsonNode service = services.get(stage.getKey());
      List<String> command = new ArrayList<>();
      service.get("command").forEach(word -> command.add(word.asText()));
      assertThat(command.get(0)).isEqualTo(stage.getKey());
      CommandLine.ParseResult parsed =
          PlateStreamCommand.commandLine().parseArgs(command.toArray(String[]::new));
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(stage.getKey());
      assertThat(parsed.subcommand().matchedOptionValue("--bootstrap-servers", ""))
          .isEqualTo("kafka:19092");
      assertThat(service.get("environment").get("PORT").asText())
          .as(stage.getKey() + " health port")
          .isEqualTo(stage.getValue());
      assertThat(service.get("healthcheck").get("test").toString()).contains("/health");
      assertThat(service.get("ports").get(0).asText()).startsWith(stage.getValue() + ":");
    }
  }

  @Test
  void bothImagesRunTheJarTheBuildMakes() throws Exception {
    for (String file : List.of("Dockerfile", "Dockerfile.cuda")) {
      String dockerfile = Files.readString(DOCKER.resolve(file));
      assertThat(dockerfile)
          .as(file)
          .contains("COPY --from=build /src/app/target/platestream.jar")
          .contains("COPY --from=build /src/app/target/lib")
          .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/platestream/platestream.jar\"]");
    }
    assertThat(Files.readString(DOCKER.resolve("Dockerfile.cuda"))).contains("-Pgpu");
    assertThat(Files.readString(Path.of("pom.xml")))
        .as("the build names the jar and its lib/ as the images expect")
        .contains("<finalName>platestream</finalName>")
        .contains("<classpathPrefix>lib/</classpathPrefix>");
  }
}
