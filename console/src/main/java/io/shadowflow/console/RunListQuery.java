package io.shadowflow.console;

import io.javalin.http.Context;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.runs.RunFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a runs list's query parameters: {@code namespace} (repeatable), {@code workflow}, {@code
 * phase}, {@code from} and {@code to} (ISO-8601 instants), {@code runId} (a prefix), {@code after}
 * (a page token) and {@code limit}. A bad value is refused with the parameter's name and the fix.
 */
final class RunListQuery {
  static final int DEFAULT_LIMIT = 50;

  private RunListQuery() {}

  /**
   * The filter of {@code request} within {@code readable}; empty when it asks only for namespaces
   * the caller may not read (they do not exist for the caller).
   */
  static Optional<RunFilter> filter(Context request, Set<String> readable) {
    Set<String> asked = new TreeSet<>(request.queryParams("namespace"));
    asked.removeIf(String::isBlank);
    Set<String> namespaces = new TreeSet<>(readable);
    if (!asked.isEmpty()) {
      namespaces.retainAll(asked);
    }
    if (namespaces.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RunFilter(
            namespaces,
            text(request, "workflow"),
            text(request, "phase").map(RunListQuery::phase),
            text(request, "from").map(value -> instant("from", value)),
            text(request, "to").map(value -> instant("to", value)),
            text(request, "runId")));
  }

  static Optional<String> text(Context request, String name) {
    return Optional.ofNullable(request.queryParam(name)).filter(value -> !value.isBlank());
  }

  static int limit(Context request) {
    return text(request, "limit").map(value -> number("limit", value)).orElse(DEFAULT_LIMIT);
  }

  static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number", e);
    }
  }

  private static RunStatus phase(String value) {
    try {
      return RunStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "phase: '"
              + value
              + "' is not a phase; use one of "
              + Arrays.stream(RunStatus.values()).map(Enum::name).collect(Collectors.joining(", ")),
          e);
    }
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + ": '" + value + "' is not an instant; write it like 2026-12-07T09:30:00Z", e);
    }
  }
}
