package io.platestream.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One configuration model for every command: a flag wins over the environment, the environment over
 * the configuration file, the file over the built-in default.
 *
 * <ul>
 *   <li>environment: {@code PLATESTREAM_<COMMAND>_<OPTION>}, then {@code PLATESTREAM_<OPTION>}
 *       (option name upper-cased, dashes as underscores: {@code --bootstrap-servers} is {@code
 *       PLATESTREAM_BOOTSTRAP_SERVERS}, {@code detect --threads} is {@code
 *       PLATESTREAM_DETECT_THREADS});
 *   <li>file (Java properties; {@code --config FILE} or {@code $PLATESTREAM_CONFIG}): {@code
 *       <command>.<option>}, then {@code <option>} ({@code bootstrap-servers=kafka:9092}, {@code
 *       detect.threads=2}).
 * </ul>
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> environment;
  private Path file;
  private Properties properties;

  ConfigDefaults(Map<String, String> environment) {
    this.environment = environment;
    String fromEnvironment = environment.get("PLATESTREAM_CONFIG");
    this.file =
        fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
  }

  /** The file named by {@code --config}, which comes before the command's own options. */
  void useFile(Path file) {
    this.file = file;
    this.properties = null;
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || option.command().parent() == null) {
      return null; // the root's options (--config, --help) have no configured defaults
    }
    String command = option.command().name();
    String name = key(option);
    String env = environmentName(name);
    String value = environment.get("PLATESTREAM_" + envPart(command) + "_" + env);
    if (value == null) {
      value = environment.get("PLATESTREAM_" + env);
    }
    if (value == null) {
      Properties fileValues = properties();
      value = fileValues.getProperty(command + "." + name, fileValues.getProperty(name));
    }
    return value;
  }

  /** The option's key: its longest name without dashes. */
  static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  static String environmentName(String key) {
    return envPart(key);
  }

  private static String envPart(String text) {
    return text.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private Properties properties() {
    if (properties == null) {
      properties = new Properties();
      if (file != null) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          properties.load(reader);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "cannot read the configuration file " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return properties;
  }
}
