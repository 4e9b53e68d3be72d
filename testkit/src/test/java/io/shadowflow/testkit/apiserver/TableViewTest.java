package io.shadowflow.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printer-column JSONPath subset and the ages kubectl shows. */
class TableViewTest {
  private static final JsonNode WORKFLOW =
      KubeJson.parseStored(
          """
          {"spec": {"replicas": 1, "steps": [{"name": "a"}, {"name": "b"}]},
           "status": {"phase": "Running", "workflowHash": "c7f94af5",
                      "conditions": [{"type": "Ready", "status": "False"},
                                     {"type": "Suspended", "status": "True"}]}}
          """);

  private static List<String> read(String path) {
    return JsonPaths.read(WORKFLOW, path).stream().map(JsonNode::asText).toList();
  }

  @Test
  void readsFieldsIndexesWildcardsAndFilters() {
    assertThat(read(".status.phase")).containsExactly("Running");
    assertThat(read(".spec.steps[1].name")).containsExactly("b");
    assertThat(read(".spec.steps[*].name")).containsExactly("a", "b");
    assertThat(read(".status.conditions[?(@.type==\"Suspended\")].status")).containsExactly("True");
    assertThat(read(".status.conditions[?(@.type=='Ready')].status")).containsExactly("False");
    assertThat(read(".status.conditions[?(@.type!=\"Ready\")].type")).containsExactly("Suspended");
    assertThat(read("{.status['workflowHash']}")).containsExactly("c7f94af5");
  }

  @Test
  void readsNothingForMissingFieldsAndUnsupportedSyntax() {
    assertThat(read(".status.error.code")).isEmpty();
    assertThat(read(".spec.steps[7]")).isEmpty();
    assertThat(read(".spec.steps[0:1]")).isEmpty();
  }

  @Test
  void formatsAgesAsKubectlDoes() {
    assertThat(TableView.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(TableView.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(TableView.humanDuration(Duration.ofSeconds(330))).isEqualTo("5m30s");
    assertThat(TableView.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(TableView.humanDuration(Duration.ofMinutes(190))).isEqualTo("3h10m");
    assertThat(TableView.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(TableView.humanDuration(Duration.ofHours(52))).isEqualTo("2d4h");
    assertThat(TableView.humanDuration(Duration.ofDays(400))).isEqualTo("400d");
    assertThat(TableView.humanDuration(Duration.ofDays(3 * 365 + 30))).isEqualTo("3y30d");
  }
}
