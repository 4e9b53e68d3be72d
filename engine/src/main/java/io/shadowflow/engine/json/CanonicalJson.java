package io.shadowflow.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme of RFC 8785 over Jackson trees: sorted keys (by UTF-16 code
 * units), no white space, minimal string escaping and ECMAScript number formatting.
 */
public final class CanonicalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /** Where canonical text goes: a string being built, or a count of its UTF-8 bytes. */
  private interface Sink {
    Sink append(char c);

    Sink append(CharSequence text);

    Sink append(CharSequence text, int start, int end);
  }

  /** Builds the text. */
  private record Text(StringBuilder out) implements Sink {
    @Override
    public Sink append(char c) {
      out.append(c);
      return this;
    }

    @Override
    public Sink append(CharSequence text) {
      out.append(text);
      return this;
    }

    @Override
    public Sink append(CharSequence text, int start, int end) {
      out.append(text, start, end);
      return this;
    }
  }

  /** Counts the bytes the text would take in UTF-8, without keeping it. */
  private static final class Utf8Count implements Sink {
    private long bytes;

    @Override
    public Sink append(char c) {
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      return this;
    }

    @Override
    public Sink append(CharSequence text) {
      return append(text, 0, text.length());
    }

    @Override
    public Sink append(CharSequence text, int start, int end) {
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < end
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          bytes += 4; // a pair is one code point of four bytes
          i++;
        } else if (Character.isSurrogate(c)) {
          bytes += 1; // a lone surrogate is encoded as '?'
        } else {
          append(c);
        }
      }
      return this;
    }
  }

  /** The canonical form of {@code node}. */
  public static String of(JsonNode node) {
    StringBuilder out = new StringBuilder(512);
    write(node, new Text(out));
    return out.toString();
  }

  /**
   * How many bytes {@code of(node)} takes in UTF-8, measured without building it: a size limit can
   * turn away a value too large to hold as text.
   */
  public static long utf8Length(JsonNode node) {
    Utf8Count count = new Utf8Count();
    write(node, count);
    return count.bytes;
  }

  private static void write(JsonNode node, Sink out) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out);
      case ARRAY -> writeArray(node, out);
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL, MISSING -> out.append("null");
      default -> throw new IllegalArgumentException("not JSON: " + node.getNodeType());
    }
  }

  private static void writeObject(JsonNode node, Sink out) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
    node.fields().forEachRemaining(fields::add);
    // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 asks for.
    fields.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(fields.get(i).getKey(), out);
      out.append(':');
      write(fields.get(i).getValue(), out);
    }
    out.append('}');
  }

  private static void writeArray(JsonNode node, Sink out) {
    out.append('[');
    Iterator<JsonNode> elements = node.elements();
    boolean first = true;
    while (elements.hasNext()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      write(elements.next(), out);
    }
    out.append(']');
  }

  private static void writeString(String s, Sink out) {
    out.append('"');
    int clean = 0;
    while (clean < s.length() && !needsEscape(s.charAt(clean))) {
      clean++;
    }
    // Most strings (keys, hashes, names) need no escape: append them whole, it is the hot path.
    if (clean == s.length()) {
      out.append(s).append('"');
      return;
    }
    out.append(s, 0, clean);
    for (int i = clean; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }

  private static void writeNumber(JsonNode node, Sink out) {
    if (node.canConvertToExactIntegral() && node.canConvertToLong()) {
      long value = node.longValue();
      // Integers JSON can carry exactly print as they are; larger ones go through IEEE 754.
      if (Math.abs(value) <= (1L << 53)) {
        out.append(Long.toString(value));
        return;
      }
    }
    out.append(formatDouble(node.doubleValue()));
  }

  /** ECMAScript's Number.prototype.toString, which RFC 8785 prescribes for numbers. */
  public static String formatDouble(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("RFC 8785 has no form for " + value);
    }
    if (value == 0) {
      return "0"; // both +0 and -0
    }
    String sign = value < 0 ? "-" : "";
    BigDecimal shortest = shortestRoundTrip(Math.abs(value));
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits * 10^n
    StringBuilder out = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      int exponent = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
    }
    return out.toString();
  }

  /** The fewest significant digits that read back as {@code value}, the closest such if tied. */
  private static BigDecimal shortestRoundTrip(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision <= 17; precision++) {
      // ECMAScript picks the even digit when two candidates are equally close.
      BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        return candidate.stripTrailingZeros();
      }
    }
    return exact.round(MathContext.DECIMAL64).stripTrailingZeros();
  }
}
