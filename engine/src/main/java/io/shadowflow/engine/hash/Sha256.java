package io.shadowflow.engine.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of UTF-8 text, as lowercase hex. */
public final class Sha256 {
  private Sha256() {}

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
    return HexFormat.of().formatHex(digest(text));
  }
}
