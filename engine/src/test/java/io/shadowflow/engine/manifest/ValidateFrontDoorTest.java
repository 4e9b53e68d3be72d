package io.shadowflow.engine.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile manifests through {@code validate}: each gets exit 2 and a message naming the field or
 * the line, in our words. The cases are the property test's shrunk counterexamples and the ones the
 * issue reported.
 */
class ValidateFrontDoorTest {
  private static final String HEAD =
      "apiVersion: shadowflow.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: t\nspec:\n  type: t\n";
  private static final String ONE_STEP = "  steps:\n    - {name: a, kind: transform, expr: '1'}\n";

  @TempDir Path temp;

  private Cli.Outcome validate(byte[] bytes) throws Exception {
    Path file = temp.resolve("wf.yaml");
    Files.write(file, bytes);
    return Cli.shadowflow("validate", file.toString());
  }

  private Cli.Outcome validate(String yaml) throws Exception {
    return validate(yaml.getBytes(StandardCharsets.UTF_8));
  }

  private void rejected(String yaml, String... expected) throws Exception {
    Cli.Outcome outcome = validate(yaml);
    assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
    assertThat(outcome.err()).contains(expected).doesNotContain("Event(", "Exception", "\tat ");
  }

  @Test
  void theHelloExampleIsValid() throws Exception {
    assertThat(validate(HEAD + ONE_STEP).exitCode()).isZero();
  }

  static Stream<Arguments> hostileFields() {
    return Stream.of(
        Arguments.of("  input: {n: 1e400}\n", "spec.input.n", "beyond the largest number"),
        Arguments.of(
            "  retry: {backoffCoefficient: 1e400}\n", "spec.retry.backoffCoefficient", "beyond"),
        Arguments.of("  input: {n: .inf}\n", "spec.input.n", "infinity or not-a-number"),
        Arguments.of("  input: {n: .nan}\n", "spec.input.n", "infinity or not-a-number"),
        Arguments.of("  policy: {allowedKinds: [null]}\n", "spec.policy.allowedKinds[0]", "null"),
        Arguments.of("  policy: {deniedKinds: [~]}\n", "spec.policy.deniedKinds[0]", "null"),
        Arguments.of("  policy: {timeout: 0s}\n", "spec.policy.timeout", "longer than zero"),
        Arguments.of(
            "  golden: {maxAge: 2562047788015h}\n", "spec.golden.maxAge", "longer than 8760h"),
        Arguments.of("  input: {a: &x 1, b: *x}\n", "spec.input.a", "anchors"),
        Arguments.of("  input: {a: !!binary aGVsbG8=}\n", "spec.input.a", "tags"),
        Arguments.of("  input: {a: 1, a: 2}\n", "spec.input.a", "appears twice"),
        Arguments.of("  input:\n    <<: {a: 1}\n", "spec.input.<<", "merge keys"));
  }

  @ParameterizedTest
  @MethodSource("hostileFields")
  void rejectsWithThePathAndLine(String spec, String path, String words) throws Exception {
    rejected(HEAD + spec + ONE_STEP, path, words, "wf.yaml:");
  }

  @Test
  void longNumbersAreCutAndNamed() throws Exception {
    rejected(HEAD + "  input: {n: " + "9".repeat(310) + "}\n" + ONE_STEP, "spec.input.n", "310");
  }

  @Test
  void aDurationOfManyUnitsIsRejectedWithoutRecursing() throws Exception {
    Cli.Outcome outcome =
        validate(
            HEAD + "  steps:\n    - {name: a, kind: sleep, duration: " + "1s".repeat(800) + "}\n");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("spec.steps[0].duration", "at most 32").hasSizeLessThan(600);
  }

  @Test
  void aMillionDigitDurationIsAnsweredAtOnceAndNotEchoed() throws Exception {
    long start = System.nanoTime();
    Cli.Outcome outcome =
        validate(
            HEAD
                + "  steps:\n    - {name: a, kind: sleep, duration: "
                + "9".repeat(200_000)
                + "s}\n");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).hasSizeLessThan(600);
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }

  @Test
  void anOversizedFileIsRejectedBeforeParsing() throws Exception {
    long start = System.nanoTime();
    Cli.Outcome outcome = validate(HEAD + "# " + "x".repeat(16 << 20) + "\n" + ONE_STEP);
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("at most 262144 bytes");
    assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
  }

  @Test
  void nullStepsAreNotDropped() throws Exception {
    rejected(HEAD + ONE_STEP + "    -\n", "spec.steps[1]", "null");
  }

  @Test
  void metadataNameMustBeAString() throws Exception {
    rejected(HEAD.replace("name: t", "name: true") + ONE_STEP, "metadata.name", "a string");
    rejected(
        HEAD.replace("name: t", "name: t\n  namespace: {a: 1}") + ONE_STEP, "metadata.namespace");
  }

  @Test
  void latin1NamesTheEncodingAndTheByte() throws Exception {
    byte[] latin1 =
        (HEAD + "  input: {s: café}\n" + ONE_STEP).getBytes(StandardCharsets.ISO_8859_1);
    Cli.Outcome outcome = validate(latin1);
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.err()).contains("expected UTF-8", "byte " + (HEAD.length() + 16));
  }

  @Test
  void utf16IsNamed() throws Exception {
    byte[] bom = {(byte) 0xFF, (byte) 0xFE};
    assertThat(validate(bom).err()).contains("expected UTF-8", "UTF-16");
    Cli.Outcome plain = validate((HEAD + ONE_STEP).getBytes(StandardCharsets.UTF_16LE));
    assertThat(plain.err()).contains("expected UTF-8", "UTF-16");
  }

  @Test
  void aUtf8ByteOrderMarkIsAccepted() throws Exception {
    byte[] text = (HEAD + ONE_STEP).getBytes(StandardCharsets.UTF_8);
    byte[] withMark = new byte[text.length + 3];
    withMark[0] = (byte) 0xEF;
    withMark[1] = (byte) 0xBB;
    withMark[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withMark, 3, text.length);
    assertThat(validate(withMark).exitCode()).isZero();
  }

  @Test
  void deepNestingNamesTheLine() throws Exception {
    rejected(
        HEAD + "  input: " + "[".repeat(1000) + "]".repeat(1000) + "\n" + ONE_STEP,
        "nests deeper than 64",
        "wf.yaml:7:");
  }

  @Test
  void aSecondDocumentIsRejected() throws Exception {
    rejected(HEAD + ONE_STEP + "---\n" + HEAD + ONE_STEP, "second YAML document", "wf.yaml:");
  }

  @Test
  void controlCharactersNameTheLine() throws Exception {
    rejected(HEAD + "  input: {a: \"x\u0007\"}\n" + ONE_STEP, "U+0007", "wf.yaml:7");
  }

  @Test
  void tooManyStepsAreRejectedAsTheCrdWould() throws Exception {
    StringBuilder steps = new StringBuilder("  steps:\n");
    for (int i = 0; i < 300; i++) {
      steps.append("    - {name: s").append(i).append(", kind: transform, expr: '1'}\n");
    }
    rejected(HEAD + steps, "spec.steps", "at most 256");
  }

  @Test
  void tooManyValuesAreRejected() throws Exception {
    String input = "  input: {list: [" + "1,".repeat(30_000) + "1]}\n";
    rejected(HEAD + input + ONE_STEP, "more than 20000 values", "spec.input.list[19");
  }

  @Test
  void aHundredThousandKeysAreRejectedBySize() throws Exception {
    StringBuilder input = new StringBuilder("  input:\n");
    for (int i = 0; i < 100_000; i++) {
      input.append("    k").append(i).append(": 1\n");
    }
    rejected(HEAD + input + ONE_STEP, "at most 262144 bytes");
  }
}
