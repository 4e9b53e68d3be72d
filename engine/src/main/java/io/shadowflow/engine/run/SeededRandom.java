package io.shadowflow.engine.run;

import io.shadowflow.engine.hash.Sha256;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The run's only source of randomness, and part of the hash contract: changing anything here
 * changes workflow hashes.
 *
 * <p>Algorithm: SplitMix64 (Steele, Lea and Flood, 2014). Each stream is named, e.g. {@code
 * steps/2} for the step at that path or {@code steps/2/retry} for its retry jitter, so one step's
 * draws never shift another's. The 64-bit state starts as the first eight bytes, big-endian, of
 * SHA-256 of the UTF-8 text {@code shadowflow/random/v1:<seed>:<stream>}. Bounded integers use
 * rejection sampling on the top 63 bits (as {@code java.util.Random#nextLong(bound)}), so every
 * value is equally likely; UUIDs take two draws and set the version 4 and IETF variant bits.
 */
public final class SeededRandom {
  private long state;

  public SeededRandom(long seed, String stream) {
    byte[] digest = Sha256.digest("shadowflow/random/v1:" + seed + ":" + stream);
    this.state = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
  }

  /** The next 64 uniformly distributed bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform integer in {@code [0, bound)}. */
  public long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long m = bound - 1;
    long r = nextLong() >>> 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
      // rejected: u fell into the incomplete last block, draw again
    }
    return r;
  }

  /** A uniform integer in {@code [min, max]}; the range must fit in a long. */
  public long between(long min, long max) {
    return min + nextLong(max - min + 1);
  }

  /** A uniform double in {@code [0, 1)}, from the top 53 bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A version 4 UUID. */
  public UUID nextUuid() {
    long high = (nextLong() & ~0xF000L) | 0x4000L;
    long low = (nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
