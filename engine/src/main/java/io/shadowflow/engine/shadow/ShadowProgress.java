package io.shadowflow.engine.shadow;

/**
 * Hears a shadow run as it goes, for progress output. Worker threads call {@link #seedFinished}.
 */
public interface ShadowProgress {
  ShadowProgress NONE = new ShadowProgress() {};

  default void cycleStarted(int cycle, long iterations) {}

  default void seedFinished(SeedResult result) {}

  default void cycleFinished(CycleStats stats) {}
}
