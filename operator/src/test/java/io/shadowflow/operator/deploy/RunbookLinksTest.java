package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.testing.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every alert's runbook_url leads to a section of docs/runbooks that exists. */
class RunbookLinksTest {
  @Test
  void everyRunbookUrlPointsAtAnExistingSection() throws IOException {
    for (Promql.Rule rule :
        Promql.rules(Manifests.repositoryRoot().resolve("monitoring/alerts.yaml"))) {
      if (rule.alert() == null) {
        continue;
      }
      assertThat(rule.annotations()).containsKeys("summary", "description", "runbook_url");
      String url = rule.annotations().get("runbook_url");
      assertThat(url).as(rule.alert()).startsWith("docs/runbooks/").contains("#");
      Path file = Manifests.repositoryRoot().resolve(url.substring(0, url.indexOf('#')));
      assertThat(file).as(rule.alert()).exists();
      assertThat(anchors(file))
          .as(rule.alert() + " in " + file)
          .contains(url.substring(url.indexOf('#') + 1));
    }
  }

  /** GitHub's anchors of a Markdown file's headings. */
  static Set<String> anchors(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith("#"))
        .map(l -> l.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT))
        .map(h -> h.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
