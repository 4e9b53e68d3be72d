package io.shadowflow.console;

import java.time.Duration;

/**
 * What the server sets for every reader.
 *
 * @param payloadLimit characters of a step's input or output a step panel gets before the rest is
 *     cut (the reader can ask for all)
 * @param maxSeeds most seeds of a shadow run's latest cycle one page shows
 * @param maxShadowRuns most shadow runs one list shows
 * @param livePoll how often a live run page's stream checks the run for changes
 */
public record ConsoleSettings(
    int payloadLimit, int maxSeeds, int maxShadowRuns, Duration livePoll) {
  public static final ConsoleSettings DEFAULTS =
      new ConsoleSettings(64 * 1024, 2_000, 200, Duration.ofSeconds(1));
}
