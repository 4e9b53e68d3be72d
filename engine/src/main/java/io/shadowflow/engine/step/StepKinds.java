package io.shadowflow.engine.step;

import io.shadowflow.engine.model.StepKind;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The registry of step kinds found on the class path. */
public final class StepKinds {
  private static final StepKinds INSTALLED = load();

  private final Map<String, StepKind> byName;

  private StepKinds(Map<String, StepKind> byName) {
    this.byName = byName;
  }

  /** The kinds installed through {@link ServiceLoader}. */
  public static StepKinds installed() {
    return INSTALLED;
  }

  private static StepKinds load() {
    Map<String, StepKind> kinds = new TreeMap<>();
    for (StepKind kind : ServiceLoader.load(StepKind.class)) {
      StepKind previous = kinds.put(kind.name(), kind);
      if (previous != null) {
        throw new IllegalStateException("two step kinds are named " + kind.name());
      }
    }
    return new StepKinds(Map.copyOf(kinds));
  }

  public Optional<StepKind> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Names of all kinds, sorted, for messages. */
  public String names() {
    return String.join(", ", new TreeMap<>(byName).keySet());
  }
}
