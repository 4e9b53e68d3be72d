package io.shadowflow.engine.plugin;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.plugin.fixtures.ClockStep;
import io.shadowflow.engine.plugin.fixtures.PriceStep;
import io.shadowflow.engine.plugin.fixtures.PriceStepV2;
import io.shadowflow.engine.plugin.fixtures.SaysItOnlyComputes;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import io.shadowflow.sdk.JavaStep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java steps from a plugin jar, through the CLI: compiled with their own fields checked, run with
 * the same hash every time, retried when they ask, named by their plugin when a replay differs
 * after an upgrade. ShadowCatchesJavaStepsTest shows what shadow runs catch in them.
 */
class JavaStepPluginTest {
  @TempDir Path temp;
  private Path plugins;

  @BeforeEach
  void pluginFolder() throws IOException {
    plugins = Files.createDirectory(temp.resolve("plugins"));
    jar(plugins.resolve("steps.jar"), PriceStep.class, ClockStep.class, SaysItOnlyComputes.class);
  }

  @Test
  void aJavaStepRunsWithTheSameHashEveryTime() throws Exception {
    Path manifest =
        manifest(
            "priced",
            """
            - {name: priced, kind: price, with: {unit: 7}}
            - {name: total, kind: transform, expr: 'steps.priced.output.price * 2'}
            """);
    Cli.Outcome first = run(manifest);
    Cli.Outcome second = run(manifest);
    assertThat(first.exitCode()).as(first.err()).isZero();
    var json = Json.parse(first.out());
    assertThat(json.path("success").asBoolean()).isTrue();
    assertThat(json.path("workflow_hash").asText())
        .isEqualTo(Json.parse(second.out()).path("workflow_hash").asText());
  }

  @Test
  void aStepThatAsksForAnotherAttemptGetsIt() throws Exception {
    Path manifest =
        manifest("flaky", "- {name: priced, kind: price, with: {unit: 7, flaky: true}}");
    Cli.Outcome outcome =
        shadowflow(
            "run",
            manifest.toString(),
            "--plugins",
            plugins.toString(),
            "--jdbc-url",
            TestDatabase.JDBC_URL,
            "--db-schema",
            TestDatabase.freshConfig().schema());
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(outcome.out())
        .contains("steps/0   priced           price      attempt 1: JAVA_STEP_RETRYABLE")
        .contains("ok   steps/0   priced")
        .contains("succeeded");
  }

  @Test
  void aReplayThatDiffersAfterThePluginChangedSaysWhichPlugin() throws Exception {
    Path manifest = manifest("upgraded", "- {name: priced, kind: price, with: {unit: 7}}");
    Path release1 = Files.createDirectory(temp.resolve("release-1"));
    jar(release1.resolve("pricing-1.jar"), PriceStep.class);
    Path release2 = Files.createDirectory(temp.resolve("release-2"));
    jar(release2.resolve("pricing-2.jar"), PriceStepV2.class);
    String schema = TestDatabase.freshConfig().schema();
    String[] replay = {
      "shadow",
      manifest.toString(),
      "--seeds",
      "0..3",
      "--iterations",
      "1",
      "--mode",
      "replay",
      "--jdbc-url",
      TestDatabase.JDBC_URL,
      "--db-schema",
      schema,
      "--plugins"
    };
    Cli.Outcome recorded = shadowflow(with(replay, release1.toString()));
    assertThat(recorded.exitCode()).as(recorded.out()).isZero();

    Cli.Outcome replayed = shadowflow(with(replay, release2.toString()));
    assertThat(replayed.exitCode()).as(replayed.out()).isEqualTo(Main.MISMATCH);
    assertThat(replayed.out())
        .contains("first diverging step: steps/0 (priced)")
        .containsPattern("-\\s+\"plugin\" : \"pricing-1\\.jar sha256:[0-9a-f]{64}\"")
        .containsPattern("\\+\\s+\"plugin\" : \"pricing-2\\.jar sha256:[0-9a-f]{64}\"");
  }

  @Test
  void eachCommittedStepOfAPluginKindNamesThePluginThatMadeIt() throws Exception {
    Path manifest =
        manifest(
            "named",
            "- {name: priced, kind: price, with: {unit: 7}}\n"
                + "- {name: doubled, kind: transform, expr: 'steps.priced.output.price * 2'}");
    String schema = TestDatabase.freshConfig().schema();
    Cli.Outcome run =
        shadowflow(
            "run",
            manifest.toString(),
            "--jdbc-url",
            TestDatabase.JDBC_URL,
            "--db-schema",
            schema,
            "--plugins",
            plugins.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();

    try (Connection connection = DriverManager.getConnection(TestDatabase.JDBC_URL);
        Statement select = connection.createStatement();
        ResultSet rows =
            select.executeQuery(
                "SELECT step_name, coalesce(plugin, '-') FROM "
                    + schema
                    + ".step_log ORDER BY seq")) {
      List<String> steps = new ArrayList<>();
      while (rows.next()) {
        steps.add(rows.getString(1) + " " + rows.getString(2));
      }
      assertThat(steps).hasSize(2);
      assertThat(steps.get(0)).matches("priced [\\w.-]+\\.jar sha256:[0-9a-f]{64}.*");
      assertThat(steps.get(1)).isEqualTo("doubled -");
    }
  }

  private static String[] with(String[] args, String last) {
    String[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  @Test
  void aStepThatSaysItOnlyComputesCannotCallOut() throws Exception {
    Cli.Outcome outcome = run(manifest("pretending", "- {name: quoted, kind: pretender}"));
    assertThat(outcome.exitCode()).isEqualTo(Main.WORKFLOW_FAILED);
    var result = Json.parse(outcome.out());
    assertThat(result.path("error_code").asText()).isEqualTo("JAVA_STEP_CRASHED");
  }

  @Test
  void aPluginChecksItsFieldsAtTheirPath() throws Exception {
    Path manifest = manifest("bad", "- {name: priced, kind: price, with: {unit: none}}");
    Cli.Outcome outcome =
        shadowflow("validate", manifest.toString(), "--plugins", plugins.toString());
    assertThat(outcome.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(outcome.err())
        .contains("spec.steps[0].with.unit: must be a whole number of at least 1, e.g. unit: 7");
  }

  @Test
  void anUnknownKindNamesThePluginsFound() throws Exception {
    Path manifest = manifest("unknown", "- {name: priced, kind: prize, with: {unit: 7}}");
    Cli.Outcome outcome =
        shadowflow("validate", manifest.toString(), "--plugins", plugins.toString());
    assertThat(outcome.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(outcome.err()).contains("prize").contains("price").contains("stamp");
    Cli.Outcome without =
        shadowflow(
            "validate",
            manifest("priced", "- {name: priced, kind: price, with: {unit: 7}}").toString());
    assertThat(without.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(without.err()).doesNotContain("stamp");
  }

  @Test
  void aFolderOrJarThatIsNoPluginIsRefusedByName() throws Exception {
    Path manifest = manifest("priced", "- {name: priced, kind: price, with: {unit: 7}}");
    Cli.Outcome missing =
        shadowflow("validate", manifest.toString(), "--plugins", temp.resolve("none").toString());
    assertThat(missing.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(missing.err()).contains("--plugins:", "is not a folder");

    Path empty = Files.createDirectory(temp.resolve("empty"));
    jar(empty.resolve("nothing.jar"));
    Cli.Outcome nothing =
        shadowflow("validate", manifest.toString(), "--plugins", empty.toString());
    assertThat(nothing.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(nothing.err()).contains("plugin nothing.jar lists no step");
  }

  private Cli.Outcome run(Path manifest) {
    return shadowflow(
        "run",
        manifest.toString(),
        "--plugins",
        plugins.toString(),
        "--in-memory",
        "--output",
        "json");
  }

  private Path manifest(String name, String steps) throws IOException {
    return Files.writeString(temp.resolve(name + ".yaml"), Manifests.workflowYaml(name, steps));
  }

  /** A plugin jar of {@code steps}, listed for the ServiceLoader. */
  static void jar(Path file, Class<?>... steps) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      StringBuilder services = new StringBuilder();
      for (Class<?> step : steps) {
        String entry = step.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (InputStream bytes = step.getClassLoader().getResourceAsStream(entry)) {
          bytes.transferTo(out);
        }
        out.closeEntry();
        services.append(step.getName()).append('\n');
      }
      if (steps.length > 0) {
        out.putNextEntry(new JarEntry("META-INF/services/" + JavaStep.class.getName()));
        out.write(services.toString().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }
}
