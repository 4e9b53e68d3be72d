package io.shadowflow.engine.shadow;

/**
 * Consecutive seeds: {@code from} and the {@code count} after it.
 *
 * @param from the first seed
 * @param count how many seeds, at least 1
 */
public record SeedRange(long from, long count) {
  public SeedRange {
    if (count < 1) {
      throw new IllegalArgumentException("seeds: the range holds no seed (count " + count + ")");
    }
  }

  /**
   * Parses {@code FROM..TO} (TO excluded, so {@code 0..7500} is 7,500 seeds) or a single seed.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static SeedRange parse(String text) {
    String usage =
        "seeds: expected FROM..TO (TO excluded, e.g. 0..7500 for 7,500 seeds) or one seed, got '"
            + text
            + "'";
    try {
      int dots = text.indexOf("..");
      if (dots < 0) {
        return new SeedRange(Long.parseLong(text.strip()), 1);
      }
      long from = Long.parseLong(text.substring(0, dots).strip());
      long to = Long.parseLong(text.substring(dots + 2).strip());
      if (to <= from) {
        throw new IllegalArgumentException(usage + ": TO must be above FROM");
      }
      return new SeedRange(from, to - from);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage, e);
    }
  }

  /** The seed at {@code index} from the start. */
  public long seed(long index) {
    return from + index;
  }

  @Override
  public String toString() {
    return from + ".." + (from + count);
  }
}
