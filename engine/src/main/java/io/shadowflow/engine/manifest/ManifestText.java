package io.shadowflow.engine.manifest;

import io.shadowflow.api.ManifestLimits;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes of a manifest turned into text before any parser sees them: the size is bounded, the
 * encoding must be UTF-8 (a UTF-8 byte order mark is dropped), and control characters that YAML
 * forbids are named with their line.
 */
final class ManifestText {
  private ManifestText() {}

  /** The text of {@code bytes}, read from {@code source}. */
  static String decode(byte[] bytes, String source) {
    if (bytes.length > ManifestLimits.FILE_BYTES) {
      throw invalid(
          source,
          "is "
              + bytes.length
              + " bytes; a manifest may have at most "
              + ManifestLimits.FILE_BYTES
              + " bytes (256 KiB)");
    }
    String foreignMark = foreignByteOrderMark(bytes);
    if (foreignMark != null) {
      throw invalid(source, "expected UTF-8, but the file starts with a " + foreignMark);
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw invalid(
            source,
            "expected UTF-8, but byte "
                + i
                + " is 0x00 (NUL), as in UTF-16 text; save it as UTF-8");
      }
    }
    int start = hasUtf8Mark(bytes) ? 3 : 0;
    return checked(utf8(bytes, start, source), source);
  }

  /** Checks text that did not come from bytes (tests, the operator's API objects). */
  static String checked(String text, String source) {
    if (text.length() > ManifestLimits.FILE_BYTES) {
      throw invalid(
          source, "has " + text.length() + " characters; at most " + ManifestLimits.FILE_BYTES);
    }
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
      } else if (isForbiddenControl(c)) {
        throw invalid(
            source + ":" + line,
            String.format(
                "control character U+%04X is not allowed in YAML; remove it or write it as an"
                    + " escape inside a double-quoted string",
                (int) c));
      }
    }
    return text;
  }

  private static boolean isForbiddenControl(char c) {
    boolean c0 = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    boolean c1 = c >= 0x7F && c <= 0x9F && c != 0x85;
    return c0 || c1 || c == 0xFFFE || c == 0xFFFF;
  }

  private static String utf8(byte[] bytes, int start, String source) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw invalid(
          source,
          "expected UTF-8, but byte "
              + in.position()
              + String.format(" (0x%02X)", bytes[in.position()] & 0xFF)
              + " is not part of a UTF-8 character; save the file as UTF-8");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  private static boolean hasUtf8Mark(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }

  private static String foreignByteOrderMark(byte[] b) {
    if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
      return "UTF-32 byte order mark";
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
      return "UTF-16 (or UTF-32) byte order mark";
    }
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
      return "UTF-16 byte order mark";
    }
    return null;
  }

  static InvalidManifestException invalid(String where, String message) {
    return new InvalidManifestException(List.of(new Problem(where, message)));
  }
}
