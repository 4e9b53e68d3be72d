package io.shadowflow.engine.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects every problem of a manifest, so the user sees them all at once, and what its expressions
 * read of other steps, which only the whole list of steps can judge. It also knows the variables in
 * scope where the compiler is (a loop's item, the run's outcome in cleanup steps), for the
 * expressions compiled there.
 */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();
  private final Set<String> paths = new HashSet<>();
  private final Map<String, Set<String>> stepReads = new LinkedHashMap<>();
  private Set<String> variables = Set.of();

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

  /** The variables in scope besides input and steps. */
  public Set<String> variables() {
    return variables;
  }

  /** Runs {@code compile} with {@code added} in scope besides the variables in scope now. */
  public void withVariables(Set<String> added, Runnable compile) {
    Set<String> outer = variables;
    Set<String> inner = new TreeSet<>(outer);
    inner.addAll(added);
    variables = Set.copyOf(inner);
    try {
      compile.run();
    } finally {
      variables = outer;
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
