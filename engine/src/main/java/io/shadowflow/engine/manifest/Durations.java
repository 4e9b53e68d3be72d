package io.shadowflow.engine.manifest;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as Kubernetes writes them (Go's format): {@code 500ms}, {@code 1m30s}, {@code
 * 24h}.
 */
public final class Durations {
  /** What a valid duration looks like, for messages and the CRD schema. */
  public static final String FORMAT = "a duration like 500ms, 2s, 1m30s or 24h";

  private static final Pattern WHOLE = Pattern.compile("(\\d+(\\.\\d+)?(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the expected format
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not " + FORMAT);
    }
    BigDecimal millis = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      BigDecimal amount = new BigDecimal(part.group(1));
      long unit =
          switch (part.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
          };
      millis = millis.add(amount.multiply(BigDecimal.valueOf(unit)));
    }
    return Duration.ofMillis(millis.longValueExact());
  }

  /** Parses an optional field, reporting a problem at {@code path} instead of throwing. */
  public static Duration parse(String text, String path, Problems problems) {
    if (text == null) {
      return null;
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      problems.add(path, "'" + text + "' is not " + FORMAT + " (whole milliseconds)");
      return null;
    }
  }
}
