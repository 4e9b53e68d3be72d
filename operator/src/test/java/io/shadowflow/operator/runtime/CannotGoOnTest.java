package io.shadowflow.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.shadowflow.testkit.KubeApiServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the operator gives up, on real informers of the test kit's API server: the SDK's own handler
 * would call System.exit here and end this test's JVM.
 */
class CannotGoOnTest {
  private final BlockingQueue<String> told = new LinkedBlockingQueue<>();
  private final CannotGoOn cannotGoOn = new CannotGoOn(told::add);
  private KubeApiServer server;
  private SharedIndexInformer<ConfigMap> synced;

  @BeforeEach
  void informer() throws Exception {
    server = KubeApiServer.start();
    synced = server.client().configMaps().inNamespace("default").inform();
    synced.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    synced.close();
    server.close();
  }

  @Test
  void aSyncedInformerThatStopsWithAnErrorEndsTheOperatorOnce() throws Exception {
    cannotGoOn.onStop(synced, new WatcherException("Exhausted reconnects"));
    cannotGoOn.onStop(synced, new WatcherException("again"));
    cannotGoOn.lostLease();

    assertThat(told.poll(30, TimeUnit.SECONDS))
        .isEqualTo(
            "the informer of ConfigMap stopped: " + new WatcherException("Exhausted reconnects"));
    assertThat(told.poll(1, TimeUnit.SECONDS)).as("told once").isNull();
  }

  @Test
  void anInformerStoppedWithoutErrorOrBeforeItsFirstSyncIsNoReason() throws Exception {
    SharedIndexInformer<ConfigMap> neverStarted =
        server.client().configMaps().inNamespace("default").runnableInformer(0);
    cannotGoOn.onStop(synced, null);
    cannotGoOn.onStop(neverStarted, new WatcherException("cannot list"));
    cannotGoOn.lostLease();

    // Had either reported, this first report would be theirs (and the Lease's dropped).
    assertThat(told.poll(30, TimeUnit.SECONDS)).isEqualTo("lost the Lease to another replica");
  }

  @Test
  void onceAStopBeganNothingThatEndsIsAReason() throws Exception {
    cannotGoOn.stopping();
    cannotGoOn.lostLease();
    cannotGoOn.onStop(synced, new WatcherException("closed during the stop"));

    assertThat(told.poll(1, TimeUnit.SECONDS)).isNull();
  }
}
