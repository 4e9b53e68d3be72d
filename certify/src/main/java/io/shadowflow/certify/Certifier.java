package io.shadowflow.certify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs every item's check in order; one item failing or throwing never stops the others. */
final class Certifier {
  private final Map<Item, Check> checks;
  private final Clock clock;

  Certifier(Map<Item, Check> checks, Clock clock) {
    this.checks = checks;
    this.clock = clock;
  }

  List<Report.Result> run(Certification certification, Consumer<Report.Result> progress) {
    List<Report.Result> results = new ArrayList<>();
    for (Item item : Item.values()) {
      Instant start = clock.instant();
      Evidence evidence = evidence(item, certification);
      Report.Result result =
          new Report.Result(item, evidence, Duration.between(start, clock.instant()));
      progress.accept(result);
      results.add(result);
    }
    return results;
  }

  private Evidence evidence(Item item, Certification certification) {
    Check check = checks.get(item);
    if (check == null) {
      return Evidence.fail("this version of shadowflow certify has no check for this item yet");
    }
    try {
      return check.run(certification);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Evidence.fail("interrupted");
    } catch (Exception e) {
      return Evidence.fail("the check stopped: " + e);
    }
  }
}
