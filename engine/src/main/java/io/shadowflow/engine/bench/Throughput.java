package io.shadowflow.engine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Runs a task on several threads until a deadline and counts what they did. */
final class Throughput {
  /** One worker's loop: does one unit of work per call and returns how many items it counted. */
  interface Work {
    long once(int worker, long iteration) throws Exception;
  }

  /** Items per second and the items counted. */
  record Result(long items, double seconds) {
    double perSecond() {
      return items / seconds;
    }
  }

  private Throughput() {}

  static Result measure(int threads, double seconds, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong items = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long started = System.nanoTime();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        workers.add(
            pool.submit(
                () -> {
                  long done = 0;
                  for (long i = 0; System.nanoTime() < deadline; i++) {
                    done += work.once(worker, i);
                  }
                  items.addAndGet(done);
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      pool.shutdownNow();
    }
    return new Result(items.get(), (System.nanoTime() - started) / 1e9);
  }
}
