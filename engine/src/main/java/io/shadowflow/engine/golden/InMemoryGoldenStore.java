package io.shadowflow.engine.golden;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Golden records in memory, for in-memory shadow runs; the same write-once rule as PostgreSQL. */
public final class InMemoryGoldenStore implements GoldenStore {
  private final Map<String, GoldenRecord> records = new ConcurrentHashMap<>();

  @Override
  public List<GoldenWrite> recordAll(List<GoldenRecord> offered) {
    return offered.stream().map(this::recordOne).toList();
  }

  private GoldenWrite recordOne(GoldenRecord ours) {
    GoldenRecord earlier = records.putIfAbsent(ours.runId(), ours);
    return earlier == null
        ? GoldenWrite.of(ours, ours, true)
        : GoldenWrite.of(ours, earlier, false);
  }

  @Override
  public Map<String, GoldenRecord> findAll(Collection<String> runIds) {
    Map<String, GoldenRecord> found = new HashMap<>();
    for (String runId : runIds) {
      GoldenRecord record = records.get(runId);
      if (record != null) {
        found.put(runId, record);
      }
    }
    return found;
  }
}
