package io.shadowflow.engine.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.testing.Manifests;
import org.junit.jupiter.api.Test;

class LiteralUrlRuleTest {
  @Test
  void validateRefusesLiteralMetadataUrlsNamingTheField() {
    String yaml =
        Manifests.workflowYaml(
            "ssrf",
            """
            - {name: a, kind: http, url: 'http://169.254.169.254/latest/meta-data/'}
            - {name: b, kind: http, url: 'http://2852039166/'}
            - {name: c, kind: http, url: 'http://0xa9fea9fe/'}
            - {name: d, kind: http, url: 'http://[::ffff:169.254.169.254]/'}
            - {name: e, kind: http, url: 'http://Metadata.Google.Internal./computeMetadata/v1/'}
            - {name: f, kind: plan, planner: {type: http, url: 'http://[fe80::1]/plan'}}
            - {name: g, kind: http, url: 'https://example.com/ok'}
            """);
    InvalidManifestException e =
        catchThrowableOfType(InvalidManifestException.class, () -> Manifests.compileYaml(yaml));
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly(
            "spec.steps[0].url",
            "spec.steps[1].url",
            "spec.steps[2].url",
            "spec.steps[3].url",
            "spec.steps[4].url",
            "spec.steps[5].planner.url");
    assertThat(e.getMessage())
        .contains("169.254.169.254 is refused by link-local or metadata range 169.254.0.0/16")
        .contains("metadata.google.internal is refused by metadata host name")
        .contains("fe80::1 is refused by link-local or metadata range fe80::/10");
  }
}
