package io.shadowflow.engine.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExitReportTest {
  @Test
  void aReportIsReadBackWithItsCodeAndMessage() {
    ExitReport report =
        ExitReport.of(
            new WorkflowFailure(FailureCode.DB_TOO_MANY_CONNECTIONS, "connecting \"failed\""));

    String json = report.json();

    assertThat(json).contains("\"code\":\"DB_TOO_MANY_CONNECTIONS\"", "\"category\":\"RESOURCE\"");
    assertThat(ExitReport.parse(json)).contains(report);
  }

  @Test
  void aLongMessageIsCutToWhatTheKubeletKeeps() {
    // Multi-byte characters and escapes: bytes, not characters, are what must fit.
    String message = "é\"\n".repeat(5_000);
    ExitReport report = new ExitReport(FailureCode.DB_DISK_FULL, message);

    String json = report.json();

    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(ExitReport.MAX_BYTES)
        .isGreaterThan(ExitReport.MAX_BYTES - 16);
    ExitReport read = ExitReport.parse(json).orElseThrow();
    assertThat(read.code()).isEqualTo(FailureCode.DB_DISK_FULL);
    assertThat(read.message()).endsWith("...");
    assertThat(message).startsWith(read.message().substring(0, read.message().length() - 3));
  }

  @Test
  void otherTextIsNoReport() {
    assertThat(ExitReport.parse(null)).isEmpty();
    assertThat(ExitReport.parse("Exception in thread main")).isEmpty();
    assertThat(ExitReport.parse("{\"code\":\"NO_SUCH_CODE\"}")).isEmpty();
    assertThat(ExitReport.parse("{not json")).isEmpty();
  }
}
