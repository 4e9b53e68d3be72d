package io.shadowflow.engine.step;

import io.shadowflow.engine.model.StepKind;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The registry of step kinds: those found on the class path, and plugins' ones added. */
public final class StepKinds {
  private static final StepKinds INSTALLED = load();

  private final Map<String, StepKind> byName;
  private final boolean deferring;

  private StepKinds(Map<String, StepKind> byName) {
    this(byName, false);
  }

  private StepKinds(Map<String, StepKind> byName, boolean deferring) {
    this.byName = byName;
    this.deferring = deferring;
  }

  /**
   * These kinds, and any other name as the kind of a plugin that only the engine image running the
   * step has: for the operator, which checks a Workflow that names its own engine image without
   * that image's plugins. The engine checks such a step's fields when it compiles the run.
   */
  public StepKinds deferringUnknownKinds() {
    return new StepKinds(byName, true);
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

  /**
   * These kinds and {@code added} (a plugin's).
   *
   * @throws IllegalArgumentException when an added kind takes a name already taken
   */
  public StepKinds with(Collection<StepKind> added) {
    Map<String, StepKind> kinds = new TreeMap<>(byName);
    for (StepKind kind : added) {
      if (kinds.putIfAbsent(kind.name(), kind) != null) {
        throw new IllegalArgumentException(
            "step kind '" + kind.name() + "' is taken; a plugin's kind needs a name of its own");
      }
    }
    return new StepKinds(Map.copyOf(kinds));
  }

  public Optional<StepKind> find(String name) {
    StepKind kind = byName.get(name);
    if (kind == null && deferring) {
      return Optional.of(new DeferredPluginKind(name));
    }
    return Optional.ofNullable(kind);
  }

  /** Names of all kinds, sorted, for messages. */
  public String names() {
    return String.join(", ", new TreeMap<>(byName).keySet());
  }
}
