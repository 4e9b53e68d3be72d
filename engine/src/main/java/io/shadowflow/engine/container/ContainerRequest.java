package io.shadowflow.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a container step: what to run, with which input, for how long.
 *
 * @param path the step's path in the run, e.g. {@code steps/2}
 * @param label the step as messages name it, e.g. {@code spec.steps[2] (resize)}
 * @param command empty to run the image's entrypoint
 * @param requests resource requests by name (cpu, memory, ephemeral-storage)
 * @param limits resource limits by name
 * @param input the JSON document the container reads as its input file
 * @param timeoutSeconds how long the attempt may take, after which its pod is stopped
 */
public record ContainerRequest(
    String runId,
    String path,
    String label,
    int attempt,
    String image,
    List<String> command,
    List<String> args,
    List<ContainerEnv> env,
    Map<String, String> requests,
    Map<String, String> limits,
    JsonNode input,
    long timeoutSeconds) {
  /** The largest input a step may be given: what a ConfigMap holds, less room for its metadata. */
  public static final int MAX_INPUT_BYTES = 1_000_000;
}
