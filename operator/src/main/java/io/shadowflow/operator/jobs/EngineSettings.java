package io.shadowflow.operator.jobs;

/**
 * How engine pods are made: the image, where the database settings come from, and the resources.
 *
 * @param databaseSecret Secret in the resource's namespace with keys {@code jdbc-url} and,
 *     optionally, {@code username} and {@code password}
 * @param serviceAccount null for the namespace's default; engine pods never call the API server
 * @param metricsPort port of the Prometheus endpoint of Workflow engine pods; 0 for none
 * @param egress the egress policy engine pods get
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
    EngineEgress egress) {}
