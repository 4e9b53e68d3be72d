package io.shadowflow.engine.plugin;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.plugin.fixtures.ClockStep;
import io.shadowflow.engine.plugin.fixtures.DriftingJavaSteps;
import io.shadowflow.engine.plugin.fixtures.PriceStep;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each class of non-determinism user code brings, caught by a shadow run at the Java step's path:
 * what differs between two runs in one process by iterations across workers (crossWorker); what
 * differs between machines (locale, time zone, environment) by a replay against a golden record
 * made under other settings. A deterministic step shows no mismatch over 10,000 replays.
 */
class ShadowCatchesJavaStepsTest {
  @TempDir Path temp;
  private Path plugins;

  @BeforeEach
  void plugin() throws IOException {
    plugins = Files.createDirectory(temp.resolve("plugins"));
    JavaStepPluginTest.jar(
        plugins.resolve("drifting.jar"),
        PriceStep.class,
        ClockStep.class,
        DriftingJavaSteps.Unseeded.class,
        DriftingJavaSteps.HashOrder.class,
        DriftingJavaSteps.Localized.class,
        DriftingJavaSteps.Zoned.class,
        DriftingJavaSteps.Race.class,
        DriftingJavaSteps.Environment.class,
        DriftingJavaSteps.Outside.class);
  }

  @ParameterizedTest(name = "kind: {0}")
  @ValueSource(strings = {"stamp", "unseeded", "hashOrder", "race"})
  void whatDiffersBetweenRunsIsCaughtAcrossWorkers(String kind) throws IOException {
    Cli.Outcome outcome = crossWorker(manifest(kind, "{}"));
    assertThat(outcome.exitCode()).as(outcome.out()).isEqualTo(Main.MISMATCH);
    assertThat(outcome.out()).contains("first diverging step: steps/1 (drift)");
  }

  @Test
  void aCallAroundTheContextIsCaughtAcrossWorkers() throws IOException {
    AtomicInteger answers = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/stock",
        exchange -> {
          byte[] body =
              Integer.toString(answers.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/stock";
      Cli.Outcome outcome = crossWorker(manifest("outside", "{url: '" + url + "'}"));
      assertThat(outcome.exitCode()).as(outcome.out()).isEqualTo(Main.MISMATCH);
      assertThat(outcome.out()).contains("first diverging step: steps/1 (drift)");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theDefaultLocaleAndTimeZoneAreCaughtByAReplayOnAnotherMachine() throws IOException {
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    String schema = TestDatabase.freshConfig().schema();
    Path localized = manifest("localized", "{}");
    Path zoned = manifest("zoned", "{}");
    try {
      Locale.setDefault(Locale.GERMANY);
      TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
      assertThat(replay(localized, schema).exitCode()).isZero(); // records the golden records
      assertThat(replay(zoned, schema).exitCode()).isZero();
      Locale.setDefault(Locale.US);
      TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
      for (Path manifest : List.of(localized, zoned)) {
        Cli.Outcome outcome = replay(manifest, schema);
        assertThat(outcome.exitCode()).as(outcome.out()).isEqualTo(Main.MISMATCH);
        assertThat(outcome.out()).contains("first diverging step: steps/1 (drift)");
      }
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
  }

  @Test
  void theEnvironmentIsCaughtByAReplayOfARecordMadeElsewhere() throws Exception {
    String schema = TestDatabase.freshConfig().schema();
    Path manifest = manifest("environment", "{}");
    // Another machine: a process whose environment says something this one's does not.
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(replayArguments(manifest, schema));
    ProcessBuilder elsewhere = new ProcessBuilder(command).redirectErrorStream(true);
    elsewhere.environment().put("SHADOWFLOW_DRIFT", "eu-west");
    Process recording = elsewhere.start();
    String recorded = new String(recording.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(recording.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(recording.exitValue()).as(recorded).isZero();

    Cli.Outcome here = replay(manifest, schema);
    assertThat(here.exitCode()).as(here.out()).isEqualTo(Main.MISMATCH);
    assertThat(here.out()).contains("first diverging step: steps/1 (drift)");
  }

  @Test
  void aDeterministicJavaStepShowsNoMismatchOverTenThousandReplays() throws IOException {
    Path manifest = manifest("price", "{unit: 7}");
    Cli.Outcome outcome =
        shadowflow(
            "shadow",
            manifest.toString(),
            "--plugins",
            plugins.toString(),
            "--seeds",
            "0..5000",
            "--iterations",
            "2",
            "--workers",
            "2",
            "--mode",
            "replay",
            "--in-memory");
    assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
    assertThat(outcome.out()).contains("10,000 workflows replayed, 0 mismatch(es)");
  }

  private Cli.Outcome crossWorker(Path manifest) {
    return shadowflow(
        "shadow",
        manifest.toString(),
        "--plugins",
        plugins.toString(),
        "--seeds",
        "0..10",
        "--iterations",
        "3",
        "--workers",
        "3",
        "--in-memory",
        "--mode",
        "crossWorker");
  }

  private Cli.Outcome replay(Path manifest, String schema) {
    return shadowflow(replayArguments(manifest, schema).toArray(String[]::new));
  }

  private List<String> replayArguments(Path manifest, String schema) {
    return List.of(
        "shadow",
        manifest.toString(),
        "--plugins",
        plugins.toString(),
        "--seeds",
        "0..3",
        "--iterations",
        "1",
        "--mode",
        "replay",
        "--jdbc-url",
        TestDatabase.JDBC_URL,
        "--db-schema",
        schema);
  }

  /** A transform, then the drifting step (its path: steps/1). */
  private Path manifest(String kind, String with) throws IOException {
    return Files.writeString(
        temp.resolve(kind + ".yaml"),
        Manifests.workflowYaml(
            kind.toLowerCase(Locale.ROOT),
            """
            - {name: price, kind: transform, expr: 'input.qty * 3'}
            - {name: drift, kind: %s, with: %s}
            """
                .formatted(kind, with)));
  }
}
