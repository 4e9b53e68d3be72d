package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import java.util.List;
import java.util.Map;

/**
 * A manifest's tree with the line of every field path, so that a problem the compiler finds in the
 * tree can be shown at its line in the file.
 */
public record ManifestDocument(JsonNode tree, String source, Map<String, Integer> lines) {
  /** {@code problem} with the line of its field, or of the nearest enclosing field, appended. */
  public Problem located(Problem problem) {
    if (problem.path().startsWith(source) || problem.message().contains("(at " + source)) {
      return problem;
    }
    String path = problem.path();
    while (!path.isEmpty()) {
      Integer line = lines.get(path);
      if (line != null) {
        return new Problem(problem.path(), problem.message() + " (at " + source + ":" + line + ")");
      }
      path = parent(path);
    }
    return new Problem(problem.path(), problem.message() + " (in " + source + ")");
  }

  /** {@code e}'s problems, each located. */
  public InvalidManifestException located(InvalidManifestException e) {
    List<Problem> problems = e.problems().stream().map(this::located).toList();
    return new InvalidManifestException(problems);
  }

  private static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }
}
