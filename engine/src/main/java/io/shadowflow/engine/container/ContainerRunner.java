package io.shadowflow.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.secret.SecretDirectory;

/**
 * Runs a container step and hands back its output: as a local process (the CLI, {@code shadowflow
 * dev}) or as a pod the operator starts (engine pods).
 */
@FunctionalInterface
public interface ContainerRunner {
  /** The environment variable naming the input file, set in the step's container. */
  String INPUT_ENV = "SHADOWFLOW_INPUT";

  /** The environment variable naming the file the step writes its output to. */
  String OUTPUT_ENV = "SHADOWFLOW_OUTPUT";

  /** For runs that must not start containers (a replay is served recorded outputs instead). */
  ContainerRunner NONE =
      (request, secrets) -> {
        throw new WorkflowFailure(
            FailureCode.INTERNAL_ERROR,
            request.label() + ": this run cannot start containers, yet its step asked for one");
      };

  /**
   * Runs one attempt to its end.
   *
   * @param secrets where the values of the step's secret variables are read, when this runner reads
   *     them itself
   * @return the output document the container wrote
   * @throws WorkflowFailure a CONTAINER_* code (or the attempt's) when there is no output
   * @throws InterruptedException when the attempt is cancelled or times out; the container is
   *     stopped
   */
  JsonNode run(ContainerRequest request, SecretDirectory secrets) throws InterruptedException;
}
