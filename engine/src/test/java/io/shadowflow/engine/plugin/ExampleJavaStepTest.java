package io.shadowflow.engine.plugin;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.steps.PriceStep;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin project (examples/java-step), as its README uses it: its Workflow run through
 * the CLI with the plugin's jar, the same hash every time, a shadow run finding nothing, and lint
 * finding nothing in its jar.
 */
class ExampleJavaStepTest {
  private static final Path WORKFLOW =
      Manifests.repositoryRoot().resolve("examples/java-step/workflow.yaml");

  @TempDir Path plugins;
  private Path jar;

  @BeforeEach
  void installThePlugin() throws IOException {
    jar = plugins.resolve("price-step.jar");
    Path built =
        Path.of(PriceStep.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    if (Files.isRegularFile(built)) {
      Files.copy(built, jar);
    } else {
      jarFolder(built, jar); // built by `mvn test`, before the jar exists
    }
  }

  @Test
  void theExampleWorkflowRunsWithItsPluginAndTheSameHashEachTime() {
    Cli.Outcome first = run();
    Cli.Outcome second = run();
    assertThat(first.exitCode()).as(first.err()).isZero();
    var result = Json.parse(first.out());
    assertThat(result.path("success").asBoolean()).isTrue();
    assertThat(result.path("workflow_hash").asText())
        .hasSize(64)
        .isEqualTo(Json.parse(second.out()).path("workflow_hash").asText());
  }

  @Test
  void aShadowRunOfItFindsNothingAndLintFindsNothing() {
    Cli.Outcome shadow =
        shadowflow(
            "shadow",
            WORKFLOW.toString(),
            "--plugins",
            plugins.toString(),
            "--seeds",
            "0..300",
            "--iterations",
            "3",
            "--workers",
            "3",
            "--mode",
            "both",
            "--in-memory");
    assertThat(shadow.exitCode()).as(shadow.out() + shadow.err()).isZero();
    assertThat(shadow.out()).contains("0 mismatch(es)");

    Cli.Outcome lint = shadowflow("lint", jar.toString());
    assertThat(lint.exitCode()).as(lint.out()).isZero();
  }

  private Cli.Outcome run() {
    return shadowflow(
        "run",
        WORKFLOW.toString(),
        "--plugins",
        plugins.toString(),
        "--in-memory",
        "--output",
        "json");
  }

  private static void jarFolder(Path folder, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(folder)) {
      List<Path> regular = files.filter(Files::isRegularFile).toList();
      for (Path file : regular) {
        out.putNextEntry(new JarEntry(folder.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, (OutputStream) out);
        out.closeEntry();
      }
    }
  }
}
