package io.shadowflow.certify;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What is certified: a Kubernetes API with shadowflow installed. */
public interface Installation extends AutoCloseable {
  KubernetesClient client();

  /** Where it is, for the report. */
  String describe();

  /** The Prometheus text each operator replica serves, one after the other. */
  String operatorMetrics();

  /** What runs there: the operator's build or image, the engine image. */
  Map<String, String> versions();

  /** The PostgreSQL whose faults the database alerts are certified on, with its owner's rights. */
  Optional<DatabaseConfig> database();

  /** An endpoint the engine pods can call whose every answer differs. */
  Optional<String> driftUrl();

  /**
   * The alert rules the installation would load when no PrometheusRule API exists to hold them (the
   * local control plane runs no Prometheus Operator): the chart's rule file.
   */
  Optional<Path> rulesWithoutPrometheus();

  /** Stops every operator replica (the emergency stop's last step); nothing reconciles after. */
  void stopOperator();

  /** Starts the operator again with the replicas it had, and waits until it serves metrics. */
  void startOperator();

  /** Kills a pod's container at once, as the kernel's OOM killer or a lost node would. */
  void killPod(String namespace, String pod);

  @Override
  void close();
}
