package io.shadowflow.engine.model;

import io.shadowflow.api.ManifestLimits;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Parses durations as Kubernetes writes them (Go's format): {@code 500ms}, {@code 1m30s}, {@code
 * 24h}. One left-to-right pass over at most {@link ManifestLimits#DURATION_CHARS} characters, so no
 * input can make it slow, and the result is bounded by {@link ManifestLimits#DURATION_HOURS}.
 */
public final class Durations {
  /** What a valid duration looks like, for messages and the CRD schema. */
  public static final String FORMAT = "a duration like 500ms, 2s, 1m30s or 24h";

  /** The longest duration any field accepts. */
  public static final Duration MAX = Duration.ofHours(ManifestLimits.DURATION_HOURS);

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the expected format or the bound
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty() || text.length() > ManifestLimits.DURATION_CHARS) {
      throw new IllegalArgumentException(
          Values.quote(text)
              + " is not "
              + FORMAT
              + " (at most "
              + ManifestLimits.DURATION_CHARS
              + " characters)");
    }
    BigDecimal millis = BigDecimal.ZERO;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      i = skipDigits(text, i);
      if (i < text.length() && text.charAt(i) == '.') {
        int fraction = i + 1;
        i = skipDigits(text, fraction);
        if (i == fraction) {
          throw notADuration(text);
        }
      }
      if (i == start) {
        throw notADuration(text);
      }
      BigDecimal amount = new BigDecimal(text.substring(start, i));
      long unit;
      if (text.startsWith("ms", i)) {
        unit = 1;
        i += 2;
      } else if (i < text.length() && "smh".indexOf(text.charAt(i)) >= 0) {
        unit =
            switch (text.charAt(i)) {
              case 's' -> 1_000;
              case 'm' -> 60_000;
              default -> 3_600_000;
            };
        i++;
      } else {
        throw notADuration(text);
      }
      millis = millis.add(amount.multiply(BigDecimal.valueOf(unit)));
    }
    if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
      throw new IllegalArgumentException(
          Values.quote(text) + " is longer than " + ManifestLimits.DURATION_HOURS + "h (a year)");
    }
    if (millis.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          Values.quote(text) + " is not a whole number of milliseconds");
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
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      return null;
    }
  }

  /** Parses an optional field that must be longer than zero when given (timeouts, ages). */
  public static Duration parsePositive(String text, String path, Problems problems) {
    Duration duration = parse(text, path, problems);
    if (duration != null && duration.isZero()) {
      problems.add(path, "must be longer than zero, got " + Values.quote(text));
      return null;
    }
    return duration;
  }

  private static int skipDigits(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(Values.quote(text) + " is not " + FORMAT);
  }
}
