package io.shadowflow.engine.egress;

import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.model.Problems;
import java.net.URI;

/**
 * {@code validate}'s share of the egress policy: a URL written in the manifest whose host the fixed
 * rules refuse (a metadata name, a link-local address in any numeric form) is a problem of its
 * field, found before anything runs. Names are not resolved here; the engine checks them per call.
 */
public final class LiteralUrlRule {
  private static final EgressGate FIXED_RULES = new EgressGate(EgressPolicy.ALWAYS);

  private LiteralUrlRule() {}

  /** Reports a problem at {@code path} when the fixed egress rules refuse {@code url}'s host. */
  public static void check(URI url, String path, Problems problems) {
    try {
      FIXED_RULES.checkLiteral(url.getHost());
    } catch (WorkflowFailure denied) {
      problems.add(path, denied.getMessage() + " (docs/security.md, egress)");
    }
  }
}
