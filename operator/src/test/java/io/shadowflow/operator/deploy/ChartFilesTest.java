package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart carries copies (Helm reads nothing outside the chart): they must not go stale. */
class ChartFilesTest {
  @Test
  void chartCrdsEqualTheGeneratedCrds() throws IOException {
    Path generated = Manifests.repositoryRoot().resolve("crds/generated");
    Path chart = Chart.path().resolve("crds");
    assertThat(names(chart)).isEqualTo(names(generated));
    for (String name : names(generated)) {
      assertThat(Files.readString(chart.resolve(name)))
          .as("helm/shadowflow/crds/%s is stale: copy crds/generated/%s", name, name)
          .isEqualTo(Files.readString(generated.resolve(name)));
    }
  }

  @Test
  void chartRulesAndDashboardEqualMonitoring() throws IOException {
    for (String name : new String[] {"alerts.yaml", "dashboard.json"}) {
      assertThat(Files.readString(Chart.path().resolve("files").resolve(name)))
          .as("helm/shadowflow/files/%s is stale: copy monitoring/%s", name, name)
          .isEqualTo(
              Files.readString(Manifests.repositoryRoot().resolve("monitoring").resolve(name)));
    }
  }

  private static java.util.List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
