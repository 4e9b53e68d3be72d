package io.shadowflow.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.engine.shadow.CycleStats;
import io.shadowflow.engine.shadow.SeedResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private static SeedResult seedOf(int iterations) {
    return new SeedResult(1, "run-x", "a", "a", iterations, 0, new int[iterations], null);
  }

  @Test
  void aTerminalGetsABarRedrawnInPlaceThenALinePerCycle() {
    StringWriter text = new StringWriter();
    try (ProgressPrinter progress = ProgressPrinter.forConsole(new PrintWriter(text), true)) {
      progress.cycleStarted(0, 100);
      progress.seedFinished(seedOf(50));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> text.toString().contains("] 50% cycle 0: 50/100 iterations"));
      Instant now = Instant.now();
      progress.cycleFinished(new CycleStats("s", 0, 0, 1, 100, 0, 0, now.minusSeconds(2), now));
    }
    assertThat(text.toString())
        .startsWith("\r\033[K[###############...............] 50%")
        .endsWith("\r\033[Kcycle 0: 100 iterations, 0 mismatch(es) in 2.00 s (50 iterations/s)\n");
  }
}
