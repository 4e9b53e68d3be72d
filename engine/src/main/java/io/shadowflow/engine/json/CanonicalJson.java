package io.shadowflow.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
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
      // A whole string is copied at once; a part of one is copied a character at a time.
      if (start == 0 && end == text.length()) {
        out.append(text);
      } else {
        out.append(text, start, end);
      }
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
        if (c < 0x80) {
          bytes++; // most text is ASCII: one test, not three
        } else if (Character.isHighSurrogate(c)
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

  /** An object whose fields are given in canonical order: see {@link Fields}. */
  public static Fields object() {
    return new Fields();
  }

  /**
   * Writes the canonical form of an object whose fields the caller gives in canonical key order,
   * without building a tree first: the hashes' own objects, made for every step of every run. A key
   * out of order is refused, so the text is always what {@link #of} makes of the same object.
   */
  public static final class Fields {
    private final Text out = new Text(new StringBuilder(256).append('{'));
    private String lastKey;

    private Fields() {}

    public Fields add(String key, JsonNode value) {
      write(value == null ? NullNode.getInstance() : value, key(key));
      return this;
    }

    public Fields add(String key, String value) {
      if (value == null) {
        key(key).append("null");
      } else {
        writeString(value, key(key));
      }
      return this;
    }

    /** An object of string values, such as the step hashes by path. */
    public Fields add(String key, Map<String, String> strings) {
      Sink value = key(key).append('{');
      String[] keys = strings.keySet().toArray(new String[0]);
      Arrays.sort(keys); // String order is UTF-16 code unit order, as RFC 8785 asks
      for (int i = 0; i < keys.length; i++) {
        if (i > 0) {
          value.append(',');
        }
        writeString(keys[i], value);
        writeString(strings.get(keys[i]), value.append(':'));
      }
      value.append('}');
      return this;
    }

    public Fields add(String key, long value) {
      writeLong(value, key(key));
      return this;
    }

    public Fields add(String key, boolean value) {
      key(key).append(value ? "true" : "false");
      return this;
    }

    /** The canonical text of the object. */
    public String end() {
      return out.out().append('}').toString();
    }

    private Sink key(String key) {
      if (lastKey != null) {
        if (lastKey.compareTo(key) >= 0) {
          throw new IllegalArgumentException(
              "key \"" + key + "\" comes after \"" + lastKey + "\" in canonical order");
        }
        out.append(',');
      }
      lastKey = key;
      writeString(key, out);
      return out.append(':');
    }
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
    // Characters that need no escape go in runs, not one by one: it is the hot path of hashing.
    int clean = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (needsEscape(c)) {
        out.append(s, clean, i);
        writeEscape(c, out);
        clean = i + 1;
      }
    }
    out.append(s, clean, s.length()).append('"');
  }

  private static void writeEscape(char c, Sink out) {
    switch (c) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
    }
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }

  private static void writeNumber(JsonNode node, Sink out) {
    if (node.canConvertToExactIntegral() && node.canConvertToLong()) {
      writeLong(node.longValue(), out);
    } else {
      out.append(formatDouble(node.doubleValue()));
    }
  }

  private static void writeLong(long value, Sink out) {
    // Integers JSON can carry exactly print as they are; larger ones go through IEEE 754.
    out.append(Math.abs(value) <= (1L << 53) ? Long.toString(value) : formatDouble(value));
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
