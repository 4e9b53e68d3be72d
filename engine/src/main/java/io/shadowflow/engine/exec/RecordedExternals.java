package io.shadowflow.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The external results a replay serves instead of making calls: a golden record's, by step. */
@FunctionalInterface
public interface RecordedExternals {
  /** What was recorded for call {@code key} of the step at {@code path}, if anything. */
  Optional<JsonNode> find(String path, String key);
}
