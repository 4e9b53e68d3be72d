package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Values;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Finds null entries ({@code -} or {@code ~}) in the lists of a spec. A null step, kind or error
 * name is always a slip, and binding would drop it or fail later with no path. Lists of user data
 * ({@code input}, a random step's {@code choice}) may hold nulls: they are data, not settings.
 */
final class NullEntries {
  private static final Set<String> DATA_FIELDS = Set.of("input", "choice");

  private NullEntries() {}

  /** Reports every null list entry under {@code node}, by its field path; true if any. */
  static boolean check(JsonNode node, String path, Problems problems) {
    boolean found = false;
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String at = path + "[" + i + "]";
        if (node.get(i).isNull()) {
          problems.add(at, "is empty (null); remove the entry or give its value");
          found = true;
        } else {
          found |= check(node.get(i), at, problems);
        }
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!DATA_FIELDS.contains(field.getKey())) {
          found |= check(field.getValue(), path + "." + Values.cut(field.getKey()), problems);
        }
      }
    }
    return found;
  }
}
