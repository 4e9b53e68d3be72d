package io.shadowflow.certify;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An installation in the cluster of the current kubeconfig context: the chart's operator pods
 * (label {@code app.kubernetes.io/component=operator}) in {@code operatorNamespace}; their metrics
 * are read through the API server's pod proxy, as {@code kubectl get --raw} would.
 */
final class ClusterInstallation implements Installation {
  private static final String OPERATOR = "app.kubernetes.io/component=operator";

  private final KubernetesClient client = new KubernetesClientBuilder().build();
  private final String operatorNamespace;
  private final Optional<DatabaseConfig> database;
  private final Optional<String> driftUrl;
  private final Map<String, Integer> stoppedReplicas = new TreeMap<>();

  /**
   * @param database the installation's PostgreSQL as its owner, to induce faults (optional)
   * @param driftUrl an endpoint in the cluster whose every answer differs (optional)
   */
  ClusterInstallation(
      String operatorNamespace, Optional<DatabaseConfig> database, Optional<String> driftUrl) {
    this.operatorNamespace = operatorNamespace;
    this.database = database;
    this.driftUrl = driftUrl;
  }

  @Override
  public Optional<DatabaseConfig> database() {
    return database;
  }

  @Override
  public Optional<String> driftUrl() {
    return driftUrl;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String describe() {
    return "cluster at "
        + client.getMasterUrl()
        + " (context "
        + client.getConfiguration().getCurrentContext().getName()
        + "), operator in namespace "
        + operatorNamespace;
  }

  @Override
  public String operatorMetrics() {
    return operators().stream()
        .map(
            pod ->
                client.raw(
                    "/api/v1/namespaces/%s/pods/%s:%d/proxy/metrics"
                        .formatted(operatorNamespace, pod.getMetadata().getName(), httpPort(pod))))
        .collect(Collectors.joining("\n"));
  }

  @Override
  public Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    for (Pod pod : operators()) {
      Container container = pod.getSpec().getContainers().get(0);
      versions.put("operator image (" + pod.getMetadata().getName() + ")", container.getImage());
      container.getEnv().stream()
          .filter(e -> e.getName().equals("SHADOWFLOW_ENGINE_IMAGE"))
          .map(EnvVar::getValue)
          .findFirst()
          .ifPresent(image -> versions.put("engine image", image));
    }
    return versions;
  }

  @Override
  public Optional<Path> rulesWithoutPrometheus() {
    return Optional.empty();
  }

  @Override
  public void stopOperator() {
    for (Deployment deployment : deployments()) {
      stoppedReplicas.put(deployment.getMetadata().getName(), deployment.getSpec().getReplicas());
      client.apps().deployments().resource(deployment).scale(0, true);
    }
  }

  @Override
  public void startOperator() {
    stoppedReplicas.forEach(
        (name, replicas) ->
            client
                .apps()
                .deployments()
                .inNamespace(operatorNamespace)
                .withName(name)
                .scale(replicas, true));
    stoppedReplicas.clear();
  }

  @Override
  public void killPod(String namespace, String pod) {
    client.pods().inNamespace(namespace).withName(pod).withGracePeriod(0).delete();
  }

  private List<Deployment> deployments() {
    return client
        .apps()
        .deployments()
        .inNamespace(operatorNamespace)
        .withLabelSelector(OPERATOR)
        .list()
        .getItems();
  }

  private List<Pod> operators() {
    return client
        .pods()
        .inNamespace(operatorNamespace)
        .withLabelSelector(OPERATOR)
        .list()
        .getItems();
  }

  private static int httpPort(Pod pod) {
    return pod.getSpec().getContainers().get(0).getPorts().stream()
        .filter(p -> "http".equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElse(8080);
  }

  @Override
  public void close() {
    client.close();
  }
}
