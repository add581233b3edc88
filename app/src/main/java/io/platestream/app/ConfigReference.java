package io.platestream.app;

import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/CONFIGURATION.md, generated from the commands themselves so that it names every key; a test
 * fails when the file and the commands disagree.
 */
final class ConfigReference {
  private ConfigReference() {}

  static String markdown() {
    CommandLine root = new CommandLine(new PlateStreamCommand());
    StringBuilder out = new StringBuilder();
    out.append("# Configuration\n\n")
        .append("Every option of every command can be given three ways; the first found wins:\n\n")
        .append("1. the flag: `platestream detect --threads 2`;\n")
        .append("2. the environment: `PLATESTREAM_DETECT_THREADS=2` (this command only) or\n")
        .append("   `PLATESTREAM_THREADS=2` (every command with that option);\n")
        .append("3. the configuration file (`platestream --config FILE <command>`, or\n")
        .append(
            "   `$PLATESTREAM_CONFIG`), Java properties: `detect.threads=2` or `threads=2`.\n\n")
        .append(
            "Otherwise the default below applies. A repeatable option takes one value from the\n")
        .append("environment or the file. This file is generated from the commands")
        .append(" (`ConfigurationTest` checks it).\n");
    for (CommandLine sub : root.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      boolean onlyHelpOptions =
          spec.options().stream().allMatch(option -> option.usageHelp() || option.versionHelp());
      if (spec.name().equals("help") || onlyHelpOptions || spec.usageMessage().hidden()) {
        continue;
      }
      out.append("\n## ").append(spec.name()).append("\n\n");
      out.append("| key | environment | default | meaning |\n|---|---|---|---|\n");
      for (OptionSpec option : spec.options()) {
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        String key = ConfigDefaults.key(option);
        out.append("| `")
            .append(key)
            .append("` | `PLATESTREAM_")
            .append(ConfigDefaults.environmentName(spec.name() + "-" + key))
            .append("` | ")
            .append(defaultOf(option))
            .append(" | ")
            .append(description(option))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static String defaultOf(OptionSpec option) {
    Object initial = option.initialValue();
    String text =
        option.defaultValue() != null && !option.defaultValue().startsWith("${env:")
            ? option.defaultValue()
            : initial == null || (initial instanceof java.util.Collection<?> c && c.isEmpty())
                ? ""
                : initial instanceof Boolean b && !b ? "" : String.valueOf(initial);
    return text.isEmpty() ? "" : "`" + text.replace("|", "\\|") + "`";
  }

  private static String description(OptionSpec option) {
    return String.join(" ", option.description())
        .replace("${DEFAULT-VALUE}", "see default")
        .replace(
            "${COMPLETION-CANDIDATES}",
            option.completionCandidates() == null
                ? ""
                : java.util.stream.StreamSupport.stream(
                        option.completionCandidates().spliterator(), false)
                    .collect(Collectors.joining(", ")))
        .replace("|", "\\|");
  }
}
