package io.shadowflow.engine.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile and mutated manifests through {@code validate}: every one is answered with exit 0 or 2
 * within a second, every rejection names a field path or a line, and an accepted manifest has the
 * same definition hash when read twice. Shrunk counterexamples go to ValidateFrontDoorTest.
 */
class FrontDoorPropertyTest {
  private static final List<String> EXAMPLES =
      List.of("hello-workflow.yaml", "reference-workflow.yaml");
  private static final List<String> HOSTILE =
      List.of(
          "&a x",
          "*a",
          "<<: {a: 1}",
          "!!binary aGk=",
          "!tag x",
          "%YAML 1.2\n---",
          "a: 1\na: 2",
          "\n---\n",
          ".inf",
          "-.nan",
          "1e400",
          "9".repeat(400),
          "[".repeat(200),
          "{a: ",
          "~",
          "null",
          "- ~",
          "\u0007",
          "\u00e9",
          "\t",
          "\"\\u0000\"",
          "'",
          "\"",
          "? [a]\n: b",
          "0s",
          "2562047788015h",
          "1s".repeat(40),
          "-1",
          "true",
          "[]",
          "{}",
          "# " + "x".repeat(3000));

  private static long started;
  private static Path file;

  /** Loads the classes once (CEL, YAML, the CRD schema), so a second is a budget per manifest. */
  @BeforeContainer
  static void warmUp() {
    assertThat(Cli.shadowflow("validate", Manifests.example(EXAMPLES.get(1)).toString()).exitCode())
        .isZero();
    started = System.nanoTime();
    try {
      file = Files.createTempFile("frontdoor", ".yaml");
      file.toFile().deleteOnExit();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Reports how long the 10,000 took: a figure, not a check. On a machine loaded by another build
   * the whole took 180 to 216 s (100 s unloaded); scripts/bench-validate.sh measures throughput.
   */
  @AfterContainer
  static void reportTheWholeProperty() {
    System.out.printf(
        "front door: 10,000 manifests through the CLI in %d s%n",
        (System.nanoTime() - started) / 1_000_000_000L);
  }

  @Property(tries = 10_000)
  void everyManifestGetsAClearAnswerFast(@ForAll("manifests") byte[] manifest) throws Exception {
    Path file = FrontDoorPropertyTest.file;
    {
      Files.write(file, manifest);
      long start = System.nanoTime();
      Cli.Outcome first = Cli.shadowflow("validate", file.toString());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(first.exitCode()).as(first.err()).isIn(0, 2);
      assertThat(millis).as("answered in ms").isLessThan(1_000);
      if (first.exitCode() == 2) {
        assertThat(first.err()).containsPattern("spec|metadata|apiVersion|kind|\\.yaml");
        assertThat(first.err()).doesNotContain("Exception", "Event(");
      } else {
        assertThat(first.out())
            .contains(new WorkflowCompiler().compileFile(file, null).definitionHash());
      }
    }
  }

  @Provide
  Arbitrary<byte[]> manifests() throws Exception {
    List<String> lines =
        Files.readAllLines(Manifests.example(EXAMPLES.get(0)), StandardCharsets.UTF_8);
    List<String> reference =
        Files.readAllLines(Manifests.example(EXAMPLES.get(1)), StandardCharsets.UTF_8);
    Arbitrary<List<String>> base = Arbitraries.of(lines, reference);
    Arbitrary<String> insert =
        Arbitraries.oneOf(Arbitraries.of(HOSTILE), Arbitraries.strings().ofMaxLength(40));
    return Combinators.combine(
            base,
            Arbitraries.integers().between(0, 200),
            insert,
            Arbitraries.integers().between(0, 3))
        .as(FrontDoorPropertyTest::mutate);
  }

  /** One mutation: a hostile value after a line's colon, a new line, a cut, or an encoding. */
  private static byte[] mutate(List<String> lines, int at, String insert, int how) {
    StringBuilder text = new StringBuilder();
    int target = at % lines.size();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i == target) {
        int colon = line.indexOf(": ");
        line =
            switch (how) {
              case 0 -> colon < 0 ? line + insert : line.substring(0, colon + 2) + insert;
              case 1 -> line + "\n" + insert;
              case 2 -> line.substring(0, Math.min(line.length(), insert.length()));
              default -> line;
            };
      }
      text.append(line).append('\n');
    }
    if (how == 3) {
      return text.toString()
          .getBytes(
              insert.length() % 2 == 0 ? StandardCharsets.UTF_16 : StandardCharsets.ISO_8859_1);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
