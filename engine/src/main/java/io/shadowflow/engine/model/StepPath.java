package io.shadowflow.engine.model;

import java.util.Comparator;

/**
 * A step's address in a run, stable across processes: it keys the step's checkpoint, timers and
 * retry state, and enters the step hash. {@code steps/3} is a step of the manifest; {@code
 * steps/0/branches/north/steps/1} a step of a parallel branch; {@code steps/1/items/7/steps/0} a
 * step of a forEach iteration; {@code steps/2/steps/0} a step a plan made; {@code finally/0} a
 * cleanup step.
 */
public final class StepPath {
  /** Where a forEach body's steps stand before an iteration gives them their item's index. */
  public static final String ANY_ITEM = "*";

  /**
   * The order steps complete in, were they run one at a time: segment by segment, indexes as
   * numbers, the run's steps before its cleanup; the steps of a parallel or forEach step before the
   * step itself (it completes when they have), a plan step before its planned steps. Records of
   * branches that finished in any order sort the same, and the first step two records differ at is
   * the cause, not a step holding it.
   */
  public static final Comparator<String> TREE_ORDER = StepPath::compare;

  /**
   * The path of the record that holds how the run's steps failed, committed before its cleanup
   * ({@code finally}) steps run.
   */
  public static final String STEPS_OUTCOME = "finally";

  private StepPath() {}

  /** The path of the top-level step (or cleanup step) that {@code path} is or is under. */
  public static String topLevel(String path) {
    String[] segments = path.split("/");
    return segments.length < 2 ? path : segments[0] + "/" + segments[1];
  }

  /** The step at {@code index} of the manifest's steps. */
  public static String top(int index) {
    return "steps/" + index;
  }

  /** The step at {@code index} of the manifest's {@code finally} steps. */
  public static String cleanup(int index) {
    return "finally/" + index;
  }

  /** The step at {@code index} of a list of child steps that starts at {@code parent}. */
  public static String child(String parent, int index) {
    return parent + "/steps/" + index;
  }

  /** Where the steps of branch {@code name} of the parallel step at {@code path} start. */
  public static String branch(String path, String name) {
    return path + "/branches/" + name;
  }

  /** Where the steps of iteration {@code item} of the forEach step at {@code path} start. */
  public static String item(String path, String item) {
    return path + "/items/" + item;
  }

  /** How many parallel or forEach steps hold the step at {@code path}. */
  public static int nesting(String path) {
    int nesting = 0;
    for (String segment : path.split("/")) {
      if (segment.equals("branches") || segment.equals("items")) {
        nesting++;
      }
    }
    return nesting;
  }

  // Compared in place, without splitting: reports sort every run's step hashes.
  private static int compare(String a, String b) {
    int shared = 0;
    int length = Math.min(a.length(), b.length());
    while (shared < length && a.charAt(shared) == b.charAt(shared)) {
      shared++;
    }
    if (shared == a.length() && shared == b.length()) {
      return 0;
    }
    int start = a.lastIndexOf('/', shared - 1) + 1;
    int endA = segmentEnd(a, start);
    int endB = segmentEnd(b, start);
    if (endA == endB && endA == shared) {
      // One path holds the other: the next segment says which completes first.
      String longer = a.length() > b.length() ? a : b;
      boolean heldSteps =
          longer.startsWith("branches/", shared + 1) || longer.startsWith("items/", shared + 1);
      int longerFirst = a.length() > b.length() ? -1 : 1;
      return heldSteps ? longerFirst : -longerFirst;
    }
    if (start == 0) {
      boolean cleanupA = a.startsWith("finally") && endA == "finally".length();
      boolean cleanupB = b.startsWith("finally") && endB == "finally".length();
      if (cleanupA != cleanupB) {
        return cleanupA ? 1 : -1;
      }
    } else if (isIndex(a, start, endA) && isIndex(b, start, endB) && endA != endB) {
      return Integer.compare(endA, endB);
    }
    if (shared == endA || shared == endB) {
      return Integer.compare(endA, endB); // one segment is the start of the other
    }
    return Character.compare(a.charAt(shared), b.charAt(shared));
  }

  private static int segmentEnd(String path, int start) {
    int slash = path.indexOf('/', start);
    return slash < 0 ? path.length() : slash;
  }

  private static boolean isIndex(String path, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Character.isDigit(path.charAt(i))) {
        return false;
      }
    }
    return end > start;
  }
}
