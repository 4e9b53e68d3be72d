package io.shadowflow.operator.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.shadowflow.engine.egress.EgressPolicy;
import io.shadowflow.operator.jobs.EngineEgress;
import io.shadowflow.operator.runtime.OperatorConfig;
import io.shadowflow.operator.runtime.OperatorOptions;
import io.shadowflow.operator.testing.TestEngineSettings;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EngineEgressEnvTest {
  private static Map<String, String> env(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void enginePodsDenyLoopbackAndTheClusterRangesAndGetTheAllowlist() {
    Job engine =
        EngineJobs.desired(
            EngineJobsTest.workflow("orders", 1),
            TestRuns.current(TestRuns.running(0)),
            TestEngineSettings.SETTINGS);
    assertThat(env(engine))
        .containsEntry(
            EgressPolicy.DENY_VARIABLE,
            "127.0.0.0/8,::1/128,0.0.0.0/8,::/128,10.244.0.0/16,10.96.0.0/12")
        .containsEntry(EgressPolicy.ALLOW_VARIABLE, "10.96.0.10/32");
  }

  @Test
  void theOperatorReadsTheRangesFromItsOptionsAndRefusesOneThatIsNoCidr() {
    OperatorOptions options = new OperatorOptions();
    new CommandLine(options)
        .parseArgs(
            "--jdbc-url", "jdbc:postgresql://db/x",
            "--cluster-cidrs", "10.244.0.0/16,fd00:10::/56",
            "--engine-egress-allow", "127.0.0.1/32");
    OperatorConfig config = options.toConfig();
    EngineEgress egress = config.engine().egress();
    assertThat(egress.deny()).endsWith("10.244.0.0/16", "fd00:10::/56");
    assertThat(egress.allow()).containsExactly("127.0.0.1/32");

    OperatorOptions none = new OperatorOptions();
    new CommandLine(none).parseArgs("--jdbc-url", "jdbc:postgresql://db/x");
    assertThat(none.toConfig().engine().egress().deny()).isEqualTo(EngineEgress.POD_LOCAL);

    assertThatThrownBy(() -> new EngineEgress(List.of("10.0.0.0/8", "cluster"), List.of()))
        .hasMessageContaining("cluster CIDR")
        .hasMessageContaining("'cluster' is not a CIDR range");
  }
}
