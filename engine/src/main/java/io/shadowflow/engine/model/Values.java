package io.shadowflow.engine.model;

/** Echoes user values in messages, cut short: a megabyte of input must not come back as one. */
public final class Values {
  /** Longest echo of a value, in characters. */
  public static final int ECHO_CHARS = 100;

  private Values() {}

  /** {@code text} cut at {@link #ECHO_CHARS}, for names inside field paths. */
  public static String cut(String text) {
    return text.length() <= ECHO_CHARS ? text : text.substring(0, ECHO_CHARS) + "...";
  }

  /** {@code value} quoted, cut at {@link #ECHO_CHARS} with the full length said. */
  public static String quote(Object value) {
    if (value == null) {
      return "null";
    }
    String text = String.valueOf(value);
    if (text.length() <= ECHO_CHARS) {
      return "'" + text + "'";
    }
    return "'" + text.substring(0, ECHO_CHARS) + "...' (" + text.length() + " characters)";
  }
}
