package io.shadowflow.certify;

import java.util.List;

/**
 * What a check found: whether the item passes, and what shows it (commands with their answers,
 * figures, resource names), so a reader can repeat it.
 */
public record Evidence(boolean pass, List<String> lines) {
  public Evidence {
    lines = List.copyOf(lines);
  }

  public static Evidence pass(String... lines) {
    return new Evidence(true, List.of(lines));
  }

  public static Evidence fail(String... lines) {
    return new Evidence(false, List.of(lines));
  }

  /** Passes when {@code pass}, with the same lines either way. */
  public static Evidence of(boolean pass, List<String> lines) {
    return new Evidence(pass, lines);
  }
}
