package org.gfn4j.examples.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gfn4j.core.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads and writes the YAML files of {@code gfn train --config FILE}: maps of long option names (without dashes)
 * to values, equivalent to the flags.
 *
 * <p>A file is read by turning it into the equivalent arguments ({@code key: value} into {@code --key value},
 * maps into repeated {@code --key k=v}, lists joined by commas, {@code true} into the bare flag), which are placed
 * before the command line's, so that the command line wins: an option it gives replaces the file's value (for a
 * {@code KEY=VALUE} option, the file's value for that key).
 */
final class ConfigFile {
  /** The option naming the file. */
  static final String OPTION = "--config";

  /** The name of the effective configuration that {@code gfn train} saves in its output folder. */
  static final String FILE_NAME = "config.yaml";

  /** The comment line that carries the run's id. */
  static final String RUN_ID_COMMENT = "# run id:";

  /** Options that are neither read from nor written to a file; {@code --overwrite} is read but never written. */
  private static final Set<String> NOT_KEYS = Set.of(OPTION, GfnCli.PLUGINS);

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ConfigFile() {
  }

  /**
   * The arguments with {@code --config FILE} of a {@code train} command replaced by the file's options, placed
   * right after {@code train}; other arguments are returned as they are.
   *
   * @throws IllegalArgumentException in one line naming the file, when it cannot be read, is malformed (with the
   *     line and the problem) or names an unknown option (with the accepted ones)
   */
  static String[] expand(String[] args, CommandLine root) {
    int command = 0;
    while (command < args.length && args[command].startsWith("-")) {
      command++;
    }
    if (command == args.length || !root.getSubcommands().containsKey(args[command])) {
      return args;
    }
    CommandLine sub = root.getSubcommands().get(args[command]);
    if (sub.getCommandSpec().findOption(OPTION) == null) {
      return args;
    }
    List<String> before = new ArrayList<>(List.of(args).subList(0, command + 1));
    List<String> rest = new ArrayList<>();
    String file = null;
    for (int i = command + 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        rest.addAll(List.of(args).subList(i, args.length));
        break;
      } else if (file != null && (arg.equals(OPTION) || arg.startsWith(OPTION + "="))) {
        throw new IllegalArgumentException(OPTION + " is given twice (" + file + " and " + arg + "); give one file");
      } else if (arg.equals(OPTION) && i + 1 < args.length) {
        file = args[++i];
      } else if (arg.startsWith(OPTION + "=")) {
        file = arg.substring(OPTION.length() + 1);
      } else {
        rest.add(arg);
      }
    }
    if (file == null) {
      return args;
    }
    List<String> expanded = new ArrayList<>(before);
    expanded.addAll(arguments(Path.of(file), sub.getCommandSpec(), rest));
    expanded.addAll(rest);
    return expanded.toArray(String[]::new);
  }

  /** The arguments equivalent to the file, leaving out what {@code commandLine} overrides and default values. */
  static List<String> arguments(Path file, CommandSpec spec, List<String> commandLine) {
    JsonNode root = read(file);
    Map<String, OptionSpec> keys = keys(spec);
    List<String> arguments = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      OptionSpec option = keys.get(entry.getKey());
      if (option == null) {
        throw new IllegalArgumentException("unknown key '" + entry.getKey() + "' in " + file + "; accepted keys: "
            + accepted(spec));
      }
      JsonNode value = entry.getValue();
      if (value.isNull() || (!option.isMultiValue() && given(option, commandLine))) {
        continue;
      }
      String name = option.longestName();
      String where = "key '" + entry.getKey() + "' in " + file;
      if (Map.class.isAssignableFrom(option.type())) {
        if (!value.isObject()) {
          throw new IllegalArgumentException(where + " must be a map of KEY: VALUE, not " + value);
        }
        Set<String> overridden = mapKeys(option, commandLine);
        for (Map.Entry<String, JsonNode> pair : value.properties()) {
          if (!overridden.contains(pair.getKey())) {
            arguments.add(name);
            arguments.add(pair.getKey() + "=" + scalar(pair.getValue(), where + ", " + pair.getKey()));
          }
        }
      } else if (option.isMultiValue()) {
        if (given(option, commandLine)) {
          continue;
        }
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
          value.forEach(element -> values.add(scalar(element, where)));
        } else {
          values.add(scalar(value, where));
        }
        if (!values.isEmpty()) {
          arguments.add(name);
          arguments.add(String.join(",", values));
        }
      } else if (option.arity().max() == 0) {
        if (!value.isBoolean()) {
          throw new IllegalArgumentException(where + " must be true or false, not " + value);
        }
        if (value.booleanValue()) {
          arguments.add(name);
        }
      } else {
        String text = scalar(value, where);
        if (!text.equals(option.defaultValue())) {
          arguments.add(name);
          arguments.add(text);
        }
      }
    }
    return arguments;
  }

  /**
   * Writes the effective value of every option of the command (defaults included) to {@code file}, atomically, under
   * a comment with the run's id.
   */
  static void write(CommandSpec spec, Path file, String runId) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (OptionSpec option : options(spec)) {
      if (option.longestName().equals("--overwrite") || option.longestName().equals("--resume")) {
        continue;
      }
      Object value = option.getValue();
      values.put(option.longestName().substring(2), value instanceof Path path ? path.toString() : value);
    }
    writeValues(values, file, runId);
  }

  /**
   * Sets {@code key} to {@code value} in a file {@link #write} wrote, as when a resumed run is trained longer;
   * nothing when the file does not exist (a run saved before config files).
   */
  static void replace(Path file, String key, Object value) {
    if (!Files.exists(file)) {
      return;
    }
    String runId = null;
    try {
      runId = Files.readAllLines(file).stream().filter(line -> line.startsWith(RUN_ID_COMMENT)).findFirst()
          .map(line -> line.substring(RUN_ID_COMMENT.length()).trim()).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    ObjectNode root = (ObjectNode) read(file);
    root.set(key, YAML.valueToTree(value));
    writeValues(root, file, runId);
  }

  private static void writeValues(Object values, Path file, String runId) {
    String text;
    try {
      text = YAML.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getOriginalMessage(), e);
    }
    AtomicFiles.writeString(file, "# The effective options of this run; replay it with: gfn train " + OPTION + " "
        + file.getFileName() + " --out DIR\n" + (runId == null ? "" : RUN_ID_COMMENT + " " + runId + "\n") + text);
  }

  private static JsonNode read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read " + OPTION + " " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + OPTION + " " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String line = location == null || location.getLineNr() < 1 ? "" : " line " + location.getLineNr() + ":";
      String problem = problem(e.getOriginalMessage());
      throw new IllegalArgumentException("malformed " + OPTION + " " + file + ":" + line + " " + problem);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return YAML.createObjectNode();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("malformed " + OPTION + " " + file + ": expected a map of option names "
          + "to values (e.g. 'env: hypergrid'), not " + root.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return root;
  }

  /**
   * The problem a YAML parser reports, on one line: its context and problem lines, without the lines that locate
   * and quote the text ({@code in 'reader', line 3, column 13:}, the text and its {@code ^} marker).
   */
  static String problem(String message) {
    String problem = message == null ? "" : message.lines()
        .filter(line -> !line.isBlank() && !line.startsWith(" "))
        .map(String::strip)
        .collect(Collectors.joining(": "));
    return problem.isEmpty() ? "malformed YAML" : problem;
  }

  /** The options a file may give, by every long name without its dashes. */
  private static Map<String, OptionSpec> keys(CommandSpec spec) {
    Map<String, OptionSpec> keys = new LinkedHashMap<>();
    for (OptionSpec option : options(spec)) {
      for (String name : option.names()) {
        if (name.startsWith("--")) {
          keys.put(name.substring(2), option);
        }
      }
    }
    return keys;
  }

  private static List<OptionSpec> options(CommandSpec spec) {
    return spec.options().stream()
        .filter(option -> !option.usageHelp() && !option.versionHelp())
        .filter(option -> option.names().length > 0 && option.longestName().startsWith("--"))
        .filter(option -> !NOT_KEYS.contains(option.longestName()))
        .toList();
  }

  private static String accepted(CommandSpec spec) {
    return options(spec).stream().map(option -> option.longestName().substring(2))
        .collect(Collectors.joining(", "));
  }

  private static String scalar(JsonNode value, String where) {
    if (value.isContainerNode()) {
      throw new IllegalArgumentException(where + " must be a single value, not " + value);
    }
    return value.asText();
  }

  /** Whether the command line gives the option, as {@code --name value} or {@code --name=value}. */
  private static boolean given(OptionSpec option, Collection<String> commandLine) {
    for (String arg : commandLine) {
      for (String name : option.names()) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The keys the command line gives to a {@code KEY=VALUE} option. */
  private static Set<String> mapKeys(OptionSpec option, List<String> commandLine) {
    Set<String> keys = new HashSet<>();
    Set<String> names = Set.of(option.names());
    for (int i = 0; i < commandLine.size(); i++) {
      String arg = commandLine.get(i);
      String value = null;
      if (names.contains(arg) && i + 1 < commandLine.size()) {
        value = commandLine.get(++i);
      } else {
        int equals = arg.indexOf('=');
        if (equals > 0 && names.contains(arg.substring(0, equals))) {
          value = arg.substring(equals + 1);
        }
      }
      if (value != null) {
        int equals = value.indexOf('=');
        keys.add(equals < 0 ? value : value.substring(0, equals));
      }
    }
    return keys;
  }
}
