package io.shadowflow.engine.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of UTF-8 text, as lowercase hex. */
public final class Sha256 {
  private Sha256() {}

  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  // Looking the algorithm up costs about as much as hashing a step: keep one digest per thread.
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::create);

  private static MessageDigest create() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static byte[] digest(String text) {
    // digest() resets the instance, so the next caller on this thread starts clean.
    return DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String hex(String text) {
    byte[] digest = digest(text);
    // By hand: HexFormat.formatHex alone took 4 % of a replay.
    byte[] hex = new byte[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX_DIGITS[digest[i] & 0xF];
    }
    return new String(hex, StandardCharsets.ISO_8859_1);
  }
}
