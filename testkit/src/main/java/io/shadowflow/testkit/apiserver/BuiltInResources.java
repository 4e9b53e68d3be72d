package io.shadowflow.testkit.apiserver;

import java.util.List;

/** The built-in resource types that kubectl, Helm and a Java Operator SDK operator use. */
final class BuiltInResources {
  private BuiltInResources() {}

  static List<ResourceType> all() {
    return List.of(
        type("", "v1", "pods", "Pod", true, List.of("po"), List.of("all"), true, "log"),
        type("", "v1", "events", "Event", true, List.of("ev"), List.of(), false),
        type("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of(), false),
        type("", "v1", "secrets", "Secret", true, List.of(), List.of(), false),
        type("", "v1", "services", "Service", true, List.of("svc"), List.of("all"), true),
        type("", "v1", "namespaces", "Namespace", false, List.of("ns"), List.of(), true),
        type("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), false),
        type("batch", "v1", "jobs", "Job", true, List.of(), List.of("all"), true),
        type("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of(), false),
        type(
            "apps",
            "v1",
            "deployments",
            "Deployment",
            true,
            List.of("deploy"),
            List.of("all"),
            true),
        type(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            false,
            List.of("crd", "crds"),
            List.of("api-extensions"),
            true),
        type("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), List.of(), false),
        // RBAC objects only need storing: the chart creates them, nothing here enforces them.
        rbac("roles", "Role", true),
        rbac("rolebindings", "RoleBinding", true),
        rbac("clusterroles", "ClusterRole", false),
        rbac("clusterrolebindings", "ClusterRoleBinding", false));
  }

  private static ResourceType rbac(String plural, String kind, boolean namespaced) {
    return type(
        "rbac.authorization.k8s.io", "v1", plural, kind, namespaced, List.of(), List.of(), false);
  }

  private static ResourceType type(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      boolean hasStatus,
      String... readOnlySubresources) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        namespaced,
        shortNames,
        categories,
        hasStatus,
        null,
        List.of(readOnlySubresources),
        List.of(),
        null);
  }
}
