package io.shadowflow.engine.shadow;

import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads: helpers (of a shadow run, of the console's live streams) never keep the
 * process alive after it.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
