package io.shadowflow.engine.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem of a manifest, so the user sees them all at once. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();
  private final Set<String> paths = new HashSet<>();

  /**
   * Adds a problem, unless {@code path} already has one: the CRD's bounds and the compiler's own
   * checks may both catch a field, and one message per field reads better.
   */
  public void add(String path, String message) {
    if (paths.add(path)) {
      list.add(new Problem(path, message));
    }
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }

  /** Throws if anything was reported. */
  public void throwIfAny() {
    if (!list.isEmpty()) {
      throw new InvalidManifestException(list());
    }
  }
}
