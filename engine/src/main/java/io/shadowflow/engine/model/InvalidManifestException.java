package io.shadowflow.engine.model;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot run, with one problem per wrong field. */
public class InvalidManifestException extends WorkflowFailure {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidManifestException(List<Problem> problems) {
    super(
        FailureCode.MANIFEST_INVALID,
        problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
