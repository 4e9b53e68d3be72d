package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.model.Problems;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds the NUL character (U+0000) anywhere in a manifest. PostgreSQL cannot store it in text or
 * jsonb, so a run of such a manifest could never be checkpointed: it is rejected up front instead.
 */
final class NulCharacters {
  private static final char NUL = '\u0000';
  private static final String MESSAGE =
      "contains the NUL character (U+0000), which the checkpoint database cannot store; remove it";

  private NulCharacters() {}

  /** Reports every string value or field name holding a NUL, by its field path. */
  static void check(JsonNode node, String path, Problems problems) {
    if (node.isTextual() && node.textValue().indexOf(NUL) >= 0) {
      problems.add(path, MESSAGE);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), path + "[" + i + "]", problems);
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        // A NUL is shown escaped: printed as it is, it would cut the message in a terminal.
        String key = field.getKey().replace(String.valueOf(NUL), "\\u0000");
        String fieldPath = path.isEmpty() ? key : path + "." + key;
        if (!key.equals(field.getKey())) {
          problems.add(fieldPath, "this field name " + MESSAGE);
        }
        check(field.getValue(), fieldPath, problems);
      }
    }
  }
}
