package io.shadowflow.testkit.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;

/**
 * The answer to a watch over plain HTTP: headers now, then a stream of events that {@link
 * ControlPlaneWebServer} keeps open (the mock's own server can send only a finished body).
 */
public final class WatchResponse extends MockResponse {
  private final HttpWatch watch;
  private final long timeoutSeconds;

  WatchResponse(HttpWatch watch, long timeoutSeconds) {
    this.watch = watch;
    this.timeoutSeconds = timeoutSeconds;
    setResponseCode(200);
    setHeader("Content-Type", JsonResponses.JSON);
  }

  public HttpWatch watch() {
    return watch;
  }

  /** The request's {@code timeoutSeconds}, after which the stream ends; 0 for none. */
  public long timeoutSeconds() {
    return timeoutSeconds;
  }
}
