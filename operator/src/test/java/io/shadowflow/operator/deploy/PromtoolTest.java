package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.testkit.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * promtool (Debian's prometheus package; scripts/lib/tools.sh installs it) checks the rules and
 * runs their unit tests, which must hold a firing and a quiet case for every alert.
 */
class PromtoolTest {
  private static final Path ROOT = Manifests.repositoryRoot();
  private static final Path MONITORING = ROOT.resolve("monitoring");

  @Test
  void rulesAreValid() throws Exception {
    assertThat(promtool("check", "rules", "alerts.yaml")).contains("SUCCESS");
  }

  @Test
  void ruleUnitTestsPass() throws Exception {
    assertThat(promtool("test", "rules", "tests/alerts-test.yaml")).contains("SUCCESS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasAFiringAndAQuietTest() throws IOException {
    Map<String, Object> doc =
        Serialization.unmarshal(
            Files.readString(MONITORING.resolve("tests/alerts-test.yaml")), Map.class);
    Set<String> fires = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (Map<String, Object> test : (List<Map<String, Object>>) doc.get("tests")) {
      for (Map<String, Object> check :
          (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
        List<?> expected = (List<?>) check.get("exp_alerts");
        (expected == null || expected.isEmpty() ? quiet : fires)
            .add((String) check.get("alertname"));
      }
    }
    List<String> alerts =
        Promql.rules(MONITORING.resolve("alerts.yaml")).stream()
            .map(Promql.Rule::alert)
            .filter(a -> a != null)
            .toList();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(15);
    assertThat(fires).as("alerts with a case where they fire").containsAll(alerts);
    assertThat(quiet).as("alerts with a case where they stay quiet").containsAll(alerts);
  }

  private static String promtool(String... args) throws Exception {
    Promtool.Result result = Promtool.run(ROOT, MONITORING, args);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }
}
