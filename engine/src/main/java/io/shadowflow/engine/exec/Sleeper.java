package io.shadowflow.engine.exec;

import java.time.Duration;

/** How the engine waits (timers, retry backoff); tests pass one that moves a fake clock. */
@FunctionalInterface
public interface Sleeper {
  /** Waits with {@link Thread#sleep}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /** Waits for {@code duration}, which is positive. */
  void sleep(Duration duration) throws InterruptedException;
}
