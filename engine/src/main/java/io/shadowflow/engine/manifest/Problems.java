package io.shadowflow.engine.manifest;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a manifest, so the user sees them all at once. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();

  public void add(String path, String message) {
    list.add(new Problem(path, message));
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
