package io.shadowflow.operator.runtime;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the operator cannot go on (its Lease lost, an informer stopped for good) and tells
 * its {@link FatalStop} once. The SDK's own informer handler calls System.exit instead, which would
 * end a host's JVM, tests and {@code ./shadowflow dev} included, with the operator.
 */
final class CannotGoOn implements InformerStoppedHandler {
  private static final Logger log = LoggerFactory.getLogger(CannotGoOn.class);

  private final FatalStop host;
  private final AtomicBoolean over = new AtomicBoolean();

  CannotGoOn(FatalStop host) {
    this.host = host;
  }

  /** A stop begins: what ends from now on (the Lease, the informers) ends on purpose. */
  void stopping() {
    over.set(true);
  }

  /** Another replica holds the Lease now: this one must not reconcile any more. */
  void lostLease() {
    report("lost the Lease to another replica");
  }

  @Override
  @SuppressWarnings("rawtypes") // as the SDK declares it
  public void onStop(SharedIndexInformer informer, Throwable error) {
    // Before its first sync, a failing informer fails the operator's start instead.
    if (error != null && informer.hasSynced()) {
      report(
          "the informer of " + informer.getApiTypeClass().getSimpleName() + " stopped: " + error);
    }
  }

  private void report(String reason) {
    if (over.compareAndSet(false, true)) {
      log.error("cannot go on: {}", reason);
      // The host may stop this operator, which waits for the very thread that reported; and it
      // may wait to start another, which must not keep the JVM from exiting.
      Thread thread = new Thread(() -> host.cannotGoOn(reason), "shadowflow-cannot-go-on");
      thread.setDaemon(true);
      thread.start();
    }
  }
}
