package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.Values;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an unquoted YAML scalar means, by YAML 1.2's core schema: null, true/false, a number or
 * text. Numbers must have a JSON form the definition hash can carry (finite, at most {@link
 * ManifestLimits#NUMBER_CHARS} characters); {@code .nan} and {@code .inf} are named as such.
 */
final class PlainScalars {
  private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
  private static final Set<String> TRUES = Set.of("true", "True", "TRUE");
  private static final Set<String> FALSES = Set.of("false", "False", "FALSE");
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern NOT_A_NUMBER = Pattern.compile("[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private PlainScalars() {}

  /**
   * The JSON value of plain scalar {@code text}.
   *
   * @throws IllegalArgumentException for a number JSON cannot carry
   */
  static JsonNode resolve(String text) {
    if (NULLS.contains(text)) {
      return Json.NODES.nullNode();
    }
    if (TRUES.contains(text) || FALSES.contains(text)) {
      return Json.NODES.booleanNode(TRUES.contains(text));
    }
    if (NOT_A_NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException(
          text + " (infinity or not-a-number) has no JSON form; give a finite number, or quote it");
    }
    boolean integer = INTEGER.matcher(text).matches();
    if (!integer && !FLOAT.matcher(text).matches()) {
      return Json.NODES.textNode(text);
    }
    if (text.length() > ManifestLimits.NUMBER_CHARS) {
      throw new IllegalArgumentException(
          "a number of "
              + text.length()
              + " characters; at most "
              + ManifestLimits.NUMBER_CHARS
              + " (quote it to make it text)");
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          Values.quote(text)
              + " is beyond the largest number JSON carries (about 1.8e308); quote it to make it"
              + " text");
    }
    return integer ? integer(text) : Json.NODES.numberNode(value);
  }

  /** The same node types Jackson's YAML reader made, so definition hashes stay as they were. */
  private static JsonNode integer(String text) {
    BigInteger value = new BigInteger(text);
    if (value.bitLength() < 32) {
      return Json.NODES.numberNode(value.intValue());
    }
    if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
      return Json.NODES.numberNode(value.longValue());
    }
    return Json.NODES.numberNode(value);
  }
}
