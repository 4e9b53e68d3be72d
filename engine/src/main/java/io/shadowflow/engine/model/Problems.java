package io.shadowflow.engine.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects every problem of a manifest, so the user sees them all at once, and what its expressions
 * read of other steps, which only the whole list of steps can judge.
 */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();
  private final Set<String> paths = new HashSet<>();
  private final Map<String, Set<String>> stepReads = new LinkedHashMap<>();

  /**
   * Adds a problem, unless {@code path} already has one: the CRD's bounds and the compiler's own
   * checks may both catch a field, and one message per field reads better.
   */
  public void add(String path, String message) {
    if (paths.add(path)) {
      list.add(new Problem(path, message));
    }
  }

  /** Notes that the expression at {@code path} reads the steps named {@code names}. */
  public void readsSteps(String path, Set<String> names) {
    if (!names.isEmpty()) {
      stepReads.put(path, names);
    }
  }

  /** The steps read by expressions at {@code path} or below it, by expression path. */
  public Map<String, Set<String>> stepReadsUnder(String path) {
    Map<String, Set<String>> under = new LinkedHashMap<>();
    stepReads.forEach(
        (at, names) -> {
          if (at.equals(path) || at.startsWith(path + ".") || at.startsWith(path + "[")) {
            under.put(at, names);
          }
        });
    return under;
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
