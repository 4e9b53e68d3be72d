package io.shadowflow.console;

import io.javalin.http.sse.SseClient;
import io.shadowflow.console.ApiErrors.NotFound;
import io.shadowflow.engine.shadow.DaemonThreads;
import io.shadowflow.engine.view.RunViews;
import io.shadowflow.engine.view.RunViews.Progress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's live stream: a {@code progress} event whenever the run commits, retries, waits or ends
 * (the page then reads the tree again), and an {@code end} event once it has ended. One shared
 * thread polls every open stream's run; the caller's namespaces are checked once, as it connects.
 */
final class LiveRun implements Consumer<SseClient> {
  private static final Logger LOG = LoggerFactory.getLogger(LiveRun.class);
  private static final ScheduledExecutorService POLLER =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("console-live-runs"));

  private final RunViews runs;
  private final NamespaceAccess access;
  private final Duration poll;

  LiveRun(RunViews runs, NamespaceAccess access, Duration poll) {
    this.runs = runs;
    this.access = access;
    this.poll = poll;
  }

  @Override
  public void accept(SseClient client) {
    String runId = client.ctx().pathParam("runId");
    Set<String> readable = access.readable(client.ctx(), NamespaceAccess.Resource.WORKFLOWS);
    Progress first = runs.progress(runId, readable).orElseThrow(() -> new NotFound("run " + runId));
    client.keepAlive();
    client.sendEvent("progress", first);
    if (first.status().finished()) {
      client.sendEvent("end", first);
      client.close();
      return;
    }
    AtomicReference<Progress> last = new AtomicReference<>(first);
    ScheduledFuture<?> polling =
        POLLER.scheduleWithFixedDelay(
            () -> send(client, runId, readable, last),
            poll.toMillis(),
            poll.toMillis(),
            TimeUnit.MILLISECONDS);
    client.onClose(() -> polling.cancel(false));
  }

  private void send(
      SseClient client, String runId, Set<String> readable, AtomicReference<Progress> last) {
    try {
      Optional<Progress> now = runs.progress(runId, readable);
      if (now.isEmpty()) { // deleted by retention meanwhile
        client.close();
        return;
      }
      if (!now.get().equals(last.getAndSet(now.get()))) {
        client.sendEvent("progress", now.get());
      }
      if (now.get().status().finished()) {
        client.sendEvent("end", now.get());
        client.close();
      }
    } catch (RuntimeException e) {
      // The database may be down for a moment: the stream stays, the next poll tries again.
      LOG.debug("live run {}: {}", runId, e.getMessage());
    }
  }
}
