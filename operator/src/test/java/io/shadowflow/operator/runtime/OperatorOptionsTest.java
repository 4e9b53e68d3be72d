package io.shadowflow.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.runs.RunRetention;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorOptionsTest {
  private static OperatorConfig parse(String... args) {
    OperatorOptions options = new OperatorOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig();
  }

  @Test
  void defaultsAreSafeForOneReplica() {
    OperatorConfig config = parse("--jdbc-url", "jdbc:postgresql://db/shadowflow");
    assertThat(config.namespaces()).isEmpty();
    assertThat(config.database().schema()).isEqualTo("shadowflow");
    assertThat(config.engine().databaseSecret()).isEqualTo("shadowflow-database");
    assertThat(config.engine().memoryLimit()).isEqualTo("512Mi");
    assertThat(config.resync()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.keepRuns()).isEqualTo(RunRetention.KEEP_ALL);
    assertThat(config.retry().maxAttempts()).isEqualTo(8);
    assertThat(config.rateLimit().reconciles()).isEqualTo(10);
    assertThat(config.rateLimit().period()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.leaderElection().enabled()).isFalse();
    assertThat(config.leaderElection().identity()).isNotBlank();
    assertThat(config.httpPort()).isEqualTo(8080);
  }

  @Test
  void flagsOverrideTheDefaults() {
    OperatorConfig config =
        parse(
            "--jdbc-url",
            "jdbc:postgresql://db/x",
            "--namespaces",
            "team-a,team-b",
            "--retain-runs",
            "3",
            "--resync",
            "1m30s",
            "--leader-election",
            "--lease-namespace",
            "shadowflow-system",
            "--identity",
            "operator-0",
            "--engine-image",
            "example/engine:2");
    assertThat(config.namespaces()).containsExactly("team-a", "team-b");
    assertThat(config.keepRuns()).isEqualTo(3);
    assertThat(config.resync()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.leaderElection().enabled()).isTrue();
    assertThat(config.leaderElection().leaseNamespace()).isEqualTo("shadowflow-system");
    assertThat(config.leaderElection().identity()).isEqualTo("operator-0");
    assertThat(config.engine().image()).isEqualTo("example/engine:2");
  }
}
