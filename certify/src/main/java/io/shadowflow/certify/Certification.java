package io.shadowflow.certify;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.api.Phase;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What every check works with: the installation, the namespace the certification's own resources go
 * to, and the profile's sizes. Checks create what they need there and leave it for the reader of
 * the report to inspect.
 */
public final class Certification {
  private final Installation installation;
  private final String namespace;
  private final Profile profile;
  private final Path tools;

  /**
   * @param tools a folder whose .tools/bin may hold promtool when the PATH does not (a checkout)
   */
  public Certification(Installation installation, String namespace, Profile profile, Path tools) {
    this.installation = installation;
    this.namespace = namespace;
    this.profile = profile;
    this.tools = tools;
  }

  public Path tools() {
    return tools;
  }

  public Installation installation() {
    return installation;
  }

  public KubernetesClient client() {
    return installation.client();
  }

  public String namespace() {
    return namespace;
  }

  public Profile profile() {
    return profile;
  }

  /** Creates the namespace unless it exists. */
  public void ensureNamespace() {
    if (client().namespaces().withName(namespace).get() == null) {
      client()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
  }

  /**
   * Creates {@code resource} afresh: an earlier certification's of the same name is deleted first,
   * and gone, so its status cannot be taken for this one's.
   */
  public <T extends HasMetadata> T recreate(T resource) {
    resource.getMetadata().setNamespace(namespace);
    var existing = client().resource(resource);
    existing.delete();
    existing.waitUntilCondition(Objects::isNull, 1, TimeUnit.MINUTES);
    return client().resource(resource).create();
  }

  /** Waits until the Workflow's phase is a final one, within the timeout. */
  public Workflow finishedWorkflow(String name) {
    return await(
        Workflow.class, name, w -> finished(w.getStatus() == null ? null : w.getStatus().phase));
  }

  /** Waits until the ShadowRun's phase is a final one, within {@code timeout}. */
  public ShadowRun finishedShadowRun(String name, Duration timeout) {
    return await(
        ShadowRun.class,
        name,
        timeout,
        r -> finished(r.getStatus() == null ? null : r.getStatus().phase));
  }

  private static boolean finished(Phase phase) {
    return phase != null && phase.finished();
  }

  /** Waits until the resource exists and satisfies {@code condition}, within the timeout. */
  public <T extends HasMetadata> T await(Class<T> type, String name, Predicate<T> condition) {
    return await(type, name, profile.timeout(), condition);
  }

  /** Waits until the resource exists and satisfies {@code condition}, within {@code timeout}. */
  public <T extends HasMetadata> T await(
      Class<T> type, String name, Duration timeout, Predicate<T> condition) {
    return client()
        .resources(type)
        .inNamespace(namespace)
        .withName(name)
        .waitUntilCondition(
            r -> r != null && condition.test(r), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
