package io.shadowflow.operator.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.shadowflow.engine.testing.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chart in helm/shadowflow, rendered by the real Helm (helm-java) and parsed by Fabric8. */
final class Chart {
  static final String RELEASE = "sf";
  static final String NAMESPACE = "shadowflow-system";
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Chart() {}

  static Path path() {
    return Manifests.repositoryRoot().resolve("helm/shadowflow");
  }

  /**
   * The manifests of {@code helm template} with these values, one object each. Keys are dotted
   * paths ({@code operator.replicas}); they go through a values file, so lists and numbers keep
   * their types.
   */
  static Rendered render(Map<String, Object> values) {
    HelmLookupServer.client();
    TemplateCommand template =
        new Helm(path())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.31.0");
    String yaml = template.withValuesFile(valuesFile(values)).call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
        objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return new Rendered(yaml, objects);
  }

  /**
   * What {@code helm install} prints after an install with these values, NOTES.txt included: a
   * client-only dry run, which {@code helm template} has no equivalent of.
   */
  static String installOutput(Map<String, Object> values) {
    HelmLookupServer.client();
    return new Helm(path())
        .install()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion("1.31.0")
        .withValuesFile(valuesFile(values))
        .clientOnly()
        .dryRun()
        .call()
        .getOutput();
  }

  /** A temporary values file of these dotted keys. */
  private static Path valuesFile(Map<String, Object> values) {
    try {
      Path file = Files.createTempFile("values", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, SERIALIZATION.asYaml(nested(values)));
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nested(Map<String, Object> dotted) {
    Map<String, Object> root = new java.util.LinkedHashMap<>();
    dotted.forEach(
        (key, value) -> {
          Map<String, Object> at = root;
          String[] parts = key.split("\\.");
          for (int i = 0; i < parts.length - 1; i++) {
            at =
                (Map<String, Object>)
                    at.computeIfAbsent(parts[i], k -> new java.util.LinkedHashMap<>());
          }
          at.put(parts[parts.length - 1], value);
        });
    return root;
  }

  /** One rendering: its text and its parsed objects. */
  record Rendered(String yaml, List<HasMetadata> objects) {
    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> kind(String kind) {
      return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
    }

    Deployment operator() {
      return all(Deployment.class).stream()
          .filter(d -> d.getMetadata().getName().endsWith("-operator"))
          .findFirst()
          .orElseThrow();
    }

    /** The operator Deployment's only container. */
    Container operatorContainer() {
      return operator().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** Every (apiGroup, resource, verb) the chart's Roles and ClusterRoles grant. */
    List<Grant> grants() {
      List<PolicyRule> rules = new ArrayList<>();
      all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
      all(Role.class).forEach(r -> rules.addAll(r.getRules()));
      List<Grant> grants = new ArrayList<>();
      for (PolicyRule rule : rules) {
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              grants.add(new Grant(group, resource, verb));
            }
          }
        }
      }
      return grants;
    }

    Optional<String> env(String name) {
      return operatorContainer().getEnv().stream()
          .filter(e -> e.getName().equals(name))
          .findFirst()
          .map(e -> e.getValue() == null ? "<from " + e.getValueFrom() + ">" : e.getValue());
    }
  }

  /** One permission: a verb on a resource (or subresource) of an API group. */
  record Grant(String group, String resource, String verb) {
    @Override
    public String toString() {
      return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
    }
  }
}
