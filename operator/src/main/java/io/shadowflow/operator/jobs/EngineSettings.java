package io.shadowflow.operator.jobs;

import io.shadowflow.api.Workflow;
import io.shadowflow.engine.exec.Parking;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param namespaceImages the engine image of each namespace that has one of its own (chosen by the
 *     platform admin), instead of {@code image}
 * @param parkAfter the longest a Workflow's engine pod waits in place for a signal or a timer; a
 *     longer wait parks the run and the pod exits, until the operator starts another
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
    List<String> allowedImages,
    Map<String, String> namespaceImages,
    Duration parkAfter) {

  public EngineSettings {
    allowedImages = List.copyOf(allowedImages);
    namespaceImages = Map.copyOf(namespaceImages);
  }

  /**
   * The engine image {@code workflow}'s pods run: its own when it names one, else its namespace's,
   * else the operator's.
   */
  public String imageOf(Workflow workflow) {
    if (workflow.getSpec().engineImage != null) {
      return workflow.getSpec().engineImage;
    }
    return namespaceImages.getOrDefault(workflow.getMetadata().getNamespace(), image);
  }

  /** Whether a Workflow may name {@code requested} for its pods. */
  public boolean allows(String requested) {
    return allowedImages.stream().anyMatch(requested::startsWith);
  }

  /** The settings of {@code workflow}'s pods: with the engine image {@link #imageOf} gives. */
  public EngineSettings forWorkflow(Workflow workflow) {
    String chosen = imageOf(workflow);
    if (chosen.equals(image)) {
      return this;
    }
    return new EngineSettings(
        chosen,
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
        allowedImages,
        namespaceImages,
        parkAfter);
  }

  /** When a Workflow's run parks: the rule its engine pods follow, and the operator wakes by. */
  public Parking parking() {
    return Parking.after(parkAfter);
  }
}
