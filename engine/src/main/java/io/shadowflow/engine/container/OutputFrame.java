package io.shadowflow.engine.container;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How a step pod hands its output file to the operator: its {@code output} container prints the
 * file as one framed line, and the operator reads that container's log. The frame survives what a
 * log may hold besides (a JVM's notice that it picked up options) and any bytes the file holds.
 */
public final class OutputFrame {
  private static final String MARKER = "shadowflow-step-output:";

  private OutputFrame() {}

  /** The line that carries {@code content}. */
  public static String encode(byte[] content) {
    return MARKER + Base64.getEncoder().encodeToString(content);
  }

  /** The content of the last frame in {@code log}; empty when there is none, or it is cut. */
  public static Optional<byte[]> decode(String log) {
    int start = log.lastIndexOf(MARKER);
    if (start < 0) {
      return Optional.empty();
    }
    int end = log.indexOf('\n', start);
    String line = log.substring(start + MARKER.length(), end < 0 ? log.length() : end).strip();
    try {
      return Optional.of(Base64.getDecoder().decode(line.getBytes(StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
