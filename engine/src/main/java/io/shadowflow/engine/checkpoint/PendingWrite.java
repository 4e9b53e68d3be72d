package io.shadowflow.engine.checkpoint;

import java.util.concurrent.CompletableFuture;

/** A write queued for the commit writer, and what its caller waits for: its result or failure. */
record PendingWrite(CheckpointWrite write, CompletableFuture<Object> done) {
  PendingWrite(CheckpointWrite write) {
    this(write, new CompletableFuture<>());
  }

  String runId() {
    return write.runId();
  }

  void refuse(String owner) {
    done.completeExceptionally(OwnedRuns.ownedElsewhere(write.runId(), owner));
  }
}
