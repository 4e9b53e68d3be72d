package io.shadowflow.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.failure.ExitReport;
import io.shadowflow.engine.failure.FailureCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationLogTest {
  @TempDir Path dir;

  @Test
  void theFileTheVariableNamesGetsTheReport() throws Exception {
    Path file = dir.resolve("termination-log");
    ExitReport report = new ExitReport(FailureCode.DB_STATEMENT_TIMEOUT, "commit timed out");

    new TerminationLog(Map.of(TerminationLog.VARIABLE, file.toString())).write(report);

    assertThat(ExitReport.parse(Files.readString(file))).contains(report);
  }

  @Test
  void aFileThatCannotBeWrittenCostsNothingButTheReport() {
    Path missing = dir.resolve("no/such/dir/termination-log");

    new TerminationLog(Map.of(TerminationLog.VARIABLE, missing.toString()))
        .write(new ExitReport(FailureCode.INTERNAL_ERROR, "x"));

    assertThat(missing).doesNotExist();
  }
}
