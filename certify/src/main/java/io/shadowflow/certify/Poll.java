package io.shadowflow.certify;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Asks again every 200 ms until there is an answer, for what no single watch can tell. */
final class Poll {
  private Poll() {}

  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> answer)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> found = answer.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("still waiting after " + timeout + " for " + what);
      }
      Thread.sleep(200);
    }
  }
}
