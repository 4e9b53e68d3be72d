package io.shadowflow.certify;

import java.time.Duration;

/**
 * How large the checks are: {@code quick} keeps every item small enough for a test suite on a
 * laptop; {@code full} is the size the seed checklist asks for.
 *
 * @param seeds seeds of each ShadowRun
 * @param iterations replays of each seed
 * @param workers worker pods of each ShadowRun (at least 3)
 * @param shadowDuration how long the continuous ShadowRun runs
 * @param shadowInterval its time between cycles
 * @param timeout how long any one wait may take
 */
public record Profile(
    String name,
    int seeds,
    int iterations,
    int workers,
    Duration shadowDuration,
    Duration shadowInterval,
    Duration timeout) {

  public static Profile named(String name, Duration shadowDuration) {
    return switch (name) {
      case "quick" ->
          new Profile(
              name,
              6,
              2,
              3,
              shadowDuration == null ? Duration.ofSeconds(20) : shadowDuration,
              Duration.ofSeconds(5),
              Duration.ofMinutes(3));
      case "full" ->
          new Profile(
              name,
              100,
              3,
              3,
              shadowDuration == null ? Duration.ofHours(24) : shadowDuration,
              Duration.ofSeconds(30),
              Duration.ofMinutes(15));
      default ->
          throw new IllegalArgumentException(
              "--profile: " + name + " is not a profile; use quick or full");
    };
  }
}
