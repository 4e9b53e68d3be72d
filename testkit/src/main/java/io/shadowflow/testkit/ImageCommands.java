package io.shadowflow.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which local command stands in for a container image: the pod runner has no container runtime, so
 * {@code shadowflow/engine:*} becomes, say, {@code java -cp ... io.shadowflow.engine.cli.Main}.
 *
 * <p>The first pattern that matches the image wins. With a prefix, the container's {@code command}
 * is replaced by it and the container's {@code args} are appended (the prefix plays the image's
 * entrypoint). With no prefix, the container's own {@code command} and {@code args} run as they
 * are, which suits images like {@code bash}.
 */
public final class ImageCommands {
  private record Mapping(String pattern, Pattern regex, List<String> prefix) {}

  private final List<Mapping> mappings = new ArrayList<>();

  /**
   * Maps images matching {@code pattern} ({@code *} matches anything) to a command prefix; no
   * prefix means the container's own command.
   */
  public ImageCommands map(String pattern, String... prefix) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    mappings.add(new Mapping(pattern, Pattern.compile(regex.toString()), List.of(prefix)));
    return this;
  }

  /**
   * The command line for a container, or empty when no mapping matches its image.
   *
   * @param command the container's command (may be empty)
   * @param args the container's args (may be empty)
   */
  public Optional<List<String>> commandLine(String image, List<String> command, List<String> args) {
    for (Mapping mapping : mappings) {
      if (mapping.regex().matcher(image).matches()) {
        List<String> line =
            new ArrayList<>(mapping.prefix().isEmpty() ? command : mapping.prefix());
        line.addAll(args);
        return line.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(line));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return mappings.stream().map(Mapping::pattern).toList().toString();
  }
}
