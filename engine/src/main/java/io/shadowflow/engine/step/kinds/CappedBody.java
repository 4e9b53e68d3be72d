package io.shadowflow.engine.step.kinds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected as it streams in, up to a cap: a reply of any size costs at most the
 * cap in memory, and once the cap is passed the rest is cancelled and the call fails with {@link
 * TooLarge}. The client's {@code send} waits for the whole body, so an interrupt (a step's timeout)
 * ends a body trickling in as it ends any other wait.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** The body passed the cap. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(int cap) {
      super("the body is larger than " + cap + " bytes");
    }
  }

  private final int cap;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  CappedBody(int cap) {
    this.cap = cap;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      if (body.isDone()) {
        return;
      }
      if (bytes.size() + buffer.remaining() > cap) {
        subscription.cancel();
        body.completeExceptionally(new TooLarge(cap));
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }
}
