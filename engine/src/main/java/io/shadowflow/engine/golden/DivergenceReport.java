package io.shadowflow.engine.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Renders a {@link Divergence} for people: expected and actual canonical JSON side by side, then a
 * unified diff of the same lines.
 */
public final class DivergenceReport {
  private static final int MAX_LEFT_WIDTH = 64;

  private DivergenceReport() {}

  /** The full report: headline, side-by-side JSON and unified diff. */
  public static String render(Divergence divergence) {
    List<String> expected = prettyLines(divergence.expected());
    List<String> actual = prettyLines(divergence.actual());
    StringBuilder out = new StringBuilder();
    out.append("first diverging step: ").append(divergence.describe()).append('\n');
    out.append("expected workflow hash ").append(divergence.expectedHash()).append('\n');
    out.append("actual   workflow hash ").append(divergence.actualHash()).append("\n\n");
    out.append(sideBySide(expected, actual)).append('\n');
    out.append(unifiedDiff(expected, actual));
    return out.toString();
  }

  /**
   * Two columns, marked {@code |} where a line changed, {@code <} or {@code >} where one side has
   * it.
   */
  static String sideBySide(List<String> expected, List<String> actual) {
    int width =
        Math.min(MAX_LEFT_WIDTH, expected.stream().mapToInt(String::length).max().orElse(0) + 1);
    width = Math.max(width, "expected".length());
    List<DiffRow> rows = diffRows(expected, actual);
    StringBuilder out = new StringBuilder();
    String format = "%-" + width + "s %s %s%n";
    out.append(String.format(format, "expected", " ", "actual"));
    for (DiffRow row : rows) {
      char mark =
          switch (row.getTag()) {
            case EQUAL -> ' ';
            case CHANGE -> '|';
            case DELETE -> '<';
            case INSERT -> '>';
          };
      out.append(String.format(format, row.getOldLine(), mark, row.getNewLine()));
    }
    return out.toString();
  }

  /**
   * Expected and actual JSON, indented one value a line, aligned as rows: what a page shows side by
   * side with the differences marked.
   */
  public static List<DiffLine> alignedLines(JsonNode expected, JsonNode actual) {
    return diffRows(prettyLines(expected), prettyLines(actual)).stream()
        .map(row -> new DiffLine(row.getTag().name(), row.getOldLine(), row.getNewLine()))
        .toList();
  }

  /**
   * One row of {@link #alignedLines}.
   *
   * @param change EQUAL, CHANGE, DELETE (only expected has it) or INSERT (only actual has it)
   */
  public record DiffLine(String change, String expected, String actual) {}

  private static List<DiffRow> diffRows(List<String> expected, List<String> actual) {
    return DiffRowGenerator.create()
        .showInlineDiffs(false)
        .lineNormalizer(Function.identity())
        .build()
        .generateDiffRows(expected, actual);
  }

  static String unifiedDiff(List<String> expected, List<String> actual) {
    List<String> diff =
        UnifiedDiffUtils.generateUnifiedDiff(
            "expected", "actual", expected, DiffUtils.diff(expected, actual), 3);
    return String.join("\n", diff) + "\n";
  }

  /** Canonical JSON (sorted keys, RFC 8785 numbers), indented one value a line. */
  static List<String> prettyLines(JsonNode json) {
    try {
      JsonNode sorted = Json.parse(CanonicalJson.of(json));
      String text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sorted);
      return Arrays.asList(text.split("\n"));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
