package io.shadowflow.operator.tenancy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import io.shadowflow.engine.checkpoint.TenantRoles;
import io.shadowflow.operator.jobs.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a namespace its own database access while it has Workflows or ShadowRuns: a role that sees
 * only the namespace's rows ({@link TenantRoles}) and the Secret engine pods read it from. Nobody
 * copies a Secret by hand; when the namespace's last Workflow and ShadowRun are gone, both go.
 */
public final class NamespaceAccess {
  private static final Logger log = LoggerFactory.getLogger(NamespaceAccess.class);
  static final String COMPONENT = "database-access";

  private final KubernetesClient client;
  private final TenantRoles roles;
  private final String secretName;
  private final String engineJdbcUrl;

  /** Namespaces known to have both role and Secret, so a reconcile costs no request. */
  private final Set<String> granted = ConcurrentHashMap.newKeySet();

  /**
   * @param engineJdbcUrl the URL engine pods connect to; credentials in it are removed
   */
  public NamespaceAccess(
      KubernetesClient client, TenantRoles roles, String secretName, String engineJdbcUrl) {
    this.client = client;
    this.roles = roles;
    this.secretName = secretName;
    this.engineJdbcUrl = JdbcUrls.withoutCredentials(engineJdbcUrl);
  }

  /** Before anything runs in {@code namespace}: its role and Secret exist. */
  public synchronized void grant(String namespace) {
    if (granted.contains(namespace)) {
      return;
    }
    Secret existing = client.secrets().inNamespace(namespace).withName(secretName).get();
    if (existing == null || roles.provisioned(namespace).isEmpty()) {
      if (existing != null) {
        // A Secret whose role is gone holds a password nobody accepts: make both anew.
        client.resource(existing).delete();
      }
      TenantRoles.Credentials credentials = roles.provision(namespace);
      client.resource(secret(credentials)).create();
      log.info(
          "namespace {}: database role {} and Secret {} provisioned",
          namespace,
          credentials.role(),
          secretName);
    }
    granted.add(namespace);
  }

  /**
   * After {@code leaving} is deleted: when the namespace has no other Workflow or ShadowRun, its
   * Secret and role are removed.
   */
  public synchronized void releaseIfUnused(HasMetadata leaving) {
    String namespace = leaving.getMetadata().getNamespace();
    if (inUse(namespace, leaving)) {
      return;
    }
    granted.remove(namespace);
    client.secrets().inNamespace(namespace).withName(secretName).delete();
    roles.remove(namespace);
    log.info(
        "namespace {}: no Workflow or ShadowRun left; database role and Secret removed", namespace);
  }

  private boolean inUse(String namespace, HasMetadata leaving) {
    return client.resources(Workflow.class).inNamespace(namespace).list().getItems().stream()
            .anyMatch(r -> staying(r, leaving))
        || client.resources(ShadowRun.class).inNamespace(namespace).list().getItems().stream()
            .anyMatch(r -> staying(r, leaving));
  }

  /** A resource that is neither the one leaving nor being deleted itself. */
  private static boolean staying(HasMetadata resource, HasMetadata leaving) {
    return resource.getMetadata().getDeletionTimestamp() == null
        && !resource.getMetadata().getUid().equals(leaving.getMetadata().getUid());
  }

  private Secret secret(TenantRoles.Credentials credentials) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName)
        .withNamespace(credentials.namespace())
        .withLabels(Labels.of(COMPONENT))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(
                "jdbc-url", base64(engineJdbcUrl),
                "username", base64(credentials.role()),
                "password", base64(credentials.password())))
        .build();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
