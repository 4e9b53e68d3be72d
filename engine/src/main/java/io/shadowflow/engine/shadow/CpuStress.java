package io.shadowflow.engine.shadow;

import java.util.ArrayList;
import java.util.List;

/**
 * Busy threads beside the workers, so a shadow run shows determinism under CPU contention: the
 * scheduler interleaves the workers differently, and the hashes must not care.
 */
final class CpuStress implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private volatile long sink;

  private CpuStress(int threadCount) {
    for (int i = 0; i < threadCount; i++) {
      Thread thread = DaemonThreads.named("shadowflow-cpu-stress-" + i).newThread(this::spin);
      threads.add(thread);
      thread.start();
    }
  }

  /** Starts {@code threadCount} busy threads; 0 starts none. */
  static CpuStress start(int threadCount) {
    return new CpuStress(threadCount);
  }

  private void spin() {
    long x = Thread.currentThread().getId();
    while (running) {
      for (int i = 0; i < 10_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
      sink = x; // published, so the loop cannot be optimised away
    }
  }

  @Override
  public void close() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
