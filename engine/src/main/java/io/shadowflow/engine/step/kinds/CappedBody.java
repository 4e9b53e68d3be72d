package io.shadowflow.engine.step.kinds;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a response body as it streams in, up to a cap: a reply of any size costs at most the cap in
 * memory, and reading stops (the stream is closed, which cancels the rest) once the cap is passed.
 */
final class CappedBody {
  private CappedBody() {}

  /**
   * @return the body's bytes, or empty when it is longer than {@code cap}
   * @throws IOException when the connection breaks while the body streams
   */
  static Optional<byte[]> read(InputStream body, int cap) throws IOException {
    try (body) {
      byte[] bytes = body.readNBytes(cap + 1);
      return bytes.length > cap ? Optional.empty() : Optional.of(bytes);
    }
  }
}
