package io.shadowflow.engine.golden;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where golden records live. A record is written once: offering one whose run id is stored already
 * never overwrites it, but compares the two.
 */
public interface GoldenStore {
  /**
   * Stores each record unless its run id is stored already, and compares it with the stored one
   * otherwise; insert and compare happen atomically, so concurrent writers of one record end with
   * exactly one of theirs stored, whole.
   *
   * @return one write per record, in order
   */
  List<GoldenWrite> recordAll(List<GoldenRecord> records);

  default GoldenWrite record(GoldenRecord record) {
    return recordAll(List.of(record)).get(0);
  }

  /** The stored records among {@code runIds}, by run id. */
  Map<String, GoldenRecord> findAll(Collection<String> runIds);

  default Optional<GoldenRecord> find(String runId) {
    return Optional.ofNullable(findAll(List.of(runId)).get(runId));
  }
}
