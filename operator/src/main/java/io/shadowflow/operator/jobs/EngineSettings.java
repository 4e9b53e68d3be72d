package io.shadowflow.operator.jobs;

import io.shadowflow.api.WorkflowSpec;
import java.util.List;

/**
 * How engine pods are made: the image, where the database settings come from, and the resources.
 *
 * @param databaseSecret Secret in the resource's namespace with keys {@code jdbc-url} and,
 *     optionally, {@code username} and {@code password}
 * @param serviceAccount null for the namespace's default; engine pods never call the API server
 * @param metricsPort port of the Prometheus endpoint of Workflow engine pods; 0 for none
 * @param egress the egress policy engine pods get
 * @param allowedImages prefixes of the images a Workflow may name for its pods ({@code
 *     spec.engineImage}); empty: none but {@code image}
 */
public record EngineSettings(
    String image,
    String imagePullPolicy,
    String databaseSecret,
    String databaseSchema,
    String serviceAccount,
    String cpuRequest,
    String memoryRequest,
    String memoryLimit,
    int backoffLimit,
    int metricsPort,
    EngineEgress egress,
    List<String> allowedImages) {

  public EngineSettings {
    allowedImages = List.copyOf(allowedImages);
  }

  /** Whether a Workflow may name {@code requested} for its pods. */
  public boolean allows(String requested) {
    return allowedImages.stream().anyMatch(requested::startsWith);
  }

  /** The settings of {@code spec}'s pods: its own engine image when it names one. */
  public EngineSettings forWorkflow(WorkflowSpec spec) {
    if (spec.engineImage == null) {
      return this;
    }
    return new EngineSettings(
        spec.engineImage,
        imagePullPolicy,
        databaseSecret,
        databaseSchema,
        serviceAccount,
        cpuRequest,
        memoryRequest,
        memoryLimit,
        backoffLimit,
        metricsPort,
        egress,
        allowedImages);
  }
}
