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

  private static int compare(String left, String right) {
    String[] a = left.split("/");
    String[] b = right.split("/");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int order = compareSegment(a[i], b[i], i == 0);
      if (order != 0) {
        return order;
      }
    }
    if (a.length == b.length) {
      return 0;
    }
    String[] longer = a.length > b.length ? a : b;
    String next = longer[Math.min(a.length, b.length)];
    boolean heldSteps = next.equals("branches") || next.equals("items");
    int longerFirst = a.length > b.length ? -1 : 1;
    return heldSteps ? longerFirst : -longerFirst;
  }

  private static int compareSegment(String a, String b, boolean root) {
    if (a.equals(b)) {
      return 0;
    }
    if (root) {
      return a.equals("finally") ? 1 : b.equals("finally") ? -1 : a.compareTo(b);
    }
    boolean numbers = isIndex(a) && isIndex(b);
    if (numbers && a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static boolean isIndex(String segment) {
    return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
  }
}
