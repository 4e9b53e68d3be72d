package io.shadowflow.testkit;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** RBAC objects as a cluster admin makes them, for tests of who may read what. */
public final class Rbac {
  private static final String GROUP = "rbac.authorization.k8s.io";

  private Rbac() {}

  /** A ClusterRole that may {@code get} {@code resources} of the shadowflow.io API group. */
  public static void readerRole(KubernetesClient client, String name, String... resources) {
    client
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addNewRule()
                .withApiGroups("shadowflow.io")
                .withResources(resources)
                .withVerbs("get", "list", "watch")
                .endRule()
                .build())
        .create();
  }

  /** Binds ClusterRole {@code role} to user {@code user} in {@code namespace}. */
  public static void bindUser(
      KubernetesClient client, String namespace, String binding, String role, String user) {
    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(binding)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef(GROUP, "ClusterRole", role)
                .addNewSubject()
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .create();
  }

  /** Binds ClusterRole {@code role} to group {@code group} in every namespace. */
  public static void bindGroupEverywhere(
      KubernetesClient client, String binding, String role, String group) {
    client
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(binding)
                .endMetadata()
                .withNewRoleRef(GROUP, "ClusterRole", role)
                .addNewSubject()
                .withKind("Group")
                .withName(group)
                .endSubject()
                .build())
        .create();
  }
}
