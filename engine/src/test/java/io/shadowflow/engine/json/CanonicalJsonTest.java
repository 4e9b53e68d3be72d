package io.shadowflow.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {
  @Test
  void sortsKeysByUtf16CodeUnitsAndDropsWhitespace() throws Exception {
    // The sorting example of RFC 8785 section 3.2.3.
    String input =
        "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
            + " \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\","
            + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}";
    String canonical = CanonicalJson.of(Json.MAPPER.readTree(input));
    assertThat(canonical)
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
                + "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void escapesOnlyWhatRfc8785Escapes() throws Exception {
    String canonical = CanonicalJson.of(Json.MAPPER.readTree("\"a\\u0001\\n\\\"\\\\/é\\u001f\""));
    assertThat(canonical).isEqualTo("\"a\\u0001\\n\\\"\\\\/é\\u001f\"");
  }

  @Test
  void nestsArraysAndObjects() throws Exception {
    String canonical =
        CanonicalJson.of(
            Json.MAPPER.readTree("{ \"b\": [3, {\"z\": null, \"a\": true}], \"a\": false }"));
    assertThat(canonical).isEqualTo("{\"a\":false,\"b\":[3,{\"a\":true,\"z\":null}]}");
  }

  // Number serialisation vectors of RFC 8785 appendix B, as IEEE 754 bit patterns.
  @ParameterizedTest
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2"
  })
  void formatsNumbersAsEcmaScriptDoes(String bits, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
    assertThat(CanonicalJson.formatDouble(value)).isEqualTo(expected);
  }

  @Test
  void writesIntegralNumbersWithoutFraction() throws Exception {
    assertThat(CanonicalJson.of(Json.MAPPER.readTree("[1.0, 1e2, -0.0, 4.50, 2e-3]")))
        .isEqualTo("[1,100,0,4.5,0.002]");
  }

  @Test
  void refusesNumbersJsonCannotCarry() throws Exception {
    assertThatThrownBy(() -> CanonicalJson.of(Json.MAPPER.readTree("1e400")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RFC 8785");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"\\u20ac\": [1, 2.5, -0.0, 1e300, true, false, null], \"k\": {\"\\ud83d\\ude00\": \"\\u00f6\"}}",
        "\"a\\u0001\\n\\\"\\\\/é\\u001f\"",
        "\"lone \\ud800 surrogate\"",
        "[12345678901234567890, 0.1, 3, \"\\ufb33\"]",
        "{}"
      })
  void measuresTheUtf8LengthOfTheCanonicalFormWithoutBuildingIt(String json) throws Exception {
    var node = Json.MAPPER.readTree(json);
    assertThat(CanonicalJson.utf8Length(node))
        .isEqualTo(CanonicalJson.of(node).getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void writesFieldsGivenInOrderAsItWritesTheSameObject() throws Exception {
    var tree =
        Json.MAPPER.readTree(
            "{\"a\": {\"x\": [1, \"\\\"q\\\"\"]}, \"b\": null, \"c\": \"tab\\there\","
                + " \"d\": 9007199254740993, \"e\": true, \"f\": {\"\\u00f6\": \"2\", \"1\": \"1\"}}");
    String fields =
        CanonicalJson.object()
            .add("a", tree.get("a"))
            .add("b", (String) null)
            .add("c", "tab\there")
            .add("d", 9007199254740993L)
            .add("e", true)
            .add("f", Map.of("\u00f6", "2", "1", "1"))
            .end();
    assertThat(fields).isEqualTo(CanonicalJson.of(tree));
  }

  @Test
  void refusesFieldsOutOfCanonicalOrder() {
    CanonicalJson.Fields fields = CanonicalJson.object().add("run_id", "r");
    assertThatThrownBy(() -> fields.add("error_code", "E"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"error_code\" comes after \"run_id\"");
  }
}
