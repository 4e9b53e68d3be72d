package io.shadowflow.engine.lint.deterministic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Step code that does what the drifting one does, deterministically: lint finds nothing. */
public final class SteadySteps {
  private SteadySteps() {}

  /** The clock comes from the run (the context's now()), passed in. */
  public static long clock(Instant runNow) {
    return runNow.toEpochMilli();
  }

  public static int random(long seed) {
    return new Random(seed).nextInt();
  }

  public static List<String> order(Map<String, Integer> counts) {
    return new ArrayList<>(new TreeMap<>(counts).keySet());
  }

  public static String locale(double price) {
    return String.format(Locale.ROOT, "%.2f", price) + "X".toLowerCase(Locale.ROOT);
  }
}
