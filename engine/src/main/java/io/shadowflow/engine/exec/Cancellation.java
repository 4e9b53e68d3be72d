package io.shadowflow.engine.exec;

/**
 * Whether a run of child steps (a branch, an iteration) is cancelled, because another run of the
 * same step failed. Cancelling interrupts the thread running it, which ends any wait it is in; a
 * step between waits sees the flag before it starts.
 */
final class Cancellation {
  static final Cancellation NEVER = new Cancellation(null);

  private final Cancellation parent;
  private volatile boolean cancelled;
  private Thread thread;

  private Cancellation(Cancellation parent) {
    this.parent = parent;
  }

  /** A cancellation that also holds when this one does. */
  Cancellation child() {
    return new Cancellation(this);
  }

  boolean isCancelled() {
    return cancelled || (parent != null && parent.isCancelled());
  }

  /** Throws if the run is cancelled: the next step must not start. */
  void check() throws InterruptedException {
    if (isCancelled()) {
      throw new InterruptedException("cancelled");
    }
  }

  synchronized void cancel() {
    cancelled = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** The calling thread runs the run now. */
  synchronized void enter() {
    thread = Thread.currentThread();
    if (cancelled) {
      thread.interrupt();
    }
  }

  /** The calling thread is done with the run: no interrupt of it may outlive it. */
  synchronized void leave() {
    thread = null;
    Thread.interrupted();
  }
}
