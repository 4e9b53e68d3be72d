package io.shadowflow.engine.shadow;

/**
 * One process's share of a shadow run's seeds: every {@code count}-th seed from the {@code
 * index}-th, so shards of a Kubernetes Indexed Job split the range evenly without talking.
 */
public record Shard(int index, int count) {
  /** The whole range in one process. */
  public static final Shard ALL = new Shard(0, 1);

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "shard index must be between 0 and shard count - 1 (" + (count - 1) + "), got " + index);
    }
  }

  /** The seeds of {@code range} this shard runs, in order. */
  public long[] seeds(SeedRange range) {
    long mine = (range.count() - index + count - 1) / count;
    long[] seeds = new long[Math.toIntExact(mine)];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = range.seed(index + (long) i * count);
    }
    return seeds;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
