package io.shadowflow.certify;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.engine.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code shadowflow certify --dev --profile quick}: the checklist against a local control plane
 * started for it, on the test PostgreSQL, with the signed report it writes.
 */
class CertifyQuickTest {
  @TempDir Path out;

  @Test
  void theQuickProfileCertifiesALocalControlPlaneAndSignsItsReport() throws Exception {
    var database = TestDatabase.freshConfig();
    int exit =
        new CommandLine(new CertifyCommand())
            .execute(
                "--dev",
                "--profile",
                "quick",
                "--jdbc-url",
                database.jdbcUrl(),
                "--db-schema",
                database.schema(),
                "--root",
                Manifests.repositoryRoot().toString(),
                "--signer",
                "CI",
                "--out",
                out.toString());

    String json = Files.readString(out.resolve("report.json"));
    var report = Json.parse(json);
    List<String> failed = new ArrayList<>();
    report
        .path("results")
        .forEach(
            r -> {
              if (!r.path("pass").asBoolean()) {
                failed.add(
                    r.path("number").asInt()
                        + " "
                        + r.path("title").asText()
                        + ": "
                        + r.path("evidence"));
              }
            });
    assertThat(report.path("results")).hasSize(Item.values().length);
    assertThat(Report.verify(json)).isTrue();
    // An item's outcome edited after signing no longer matches the signature.
    assertThat(Report.verify(json.replaceFirst("\"pass\":true", "\"pass\":false"))).isFalse();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains(
            "# shadowflow certification",
            "Signed by: CI",
            report.path("signature").path("sha256").asText());
    assertThat(failed).as("items that fail").isEmpty();
    assertThat(exit).isZero();
  }
}
