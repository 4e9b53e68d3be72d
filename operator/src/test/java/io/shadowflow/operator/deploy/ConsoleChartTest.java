package io.shadowflow.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web console in the operator's process (values {@code console.*}): its port and settings in
 * the operator's environment, its Service and Ingress, the two reviews it asks the API server for,
 * and nothing of it at all while it is off.
 */
class ConsoleChartTest {
  private static final String CONSOLE = "sf-shadowflow-console";
  private static final Chart.Grant TOKEN_REVIEWS =
      new Chart.Grant("authentication.k8s.io", "tokenreviews", "create");
  private static final Chart.Grant ACCESS_REVIEWS =
      new Chart.Grant("authorization.k8s.io", "subjectaccessreviews", "create");

  private static Map<String, Object> enabled(Object... more) {
    Map<String, Object> values = new HashMap<>(Map.of("console.enabled", true));
    for (int i = 0; i < more.length; i += 2) {
      values.put((String) more[i], more[i + 1]);
    }
    return values;
  }

  private static List<Service> consoleServices(Chart.Rendered r) {
    return r.all(Service.class).stream()
        .filter(s -> s.getMetadata().getName().equals(CONSOLE))
        .toList();
  }

  private static List<String> envNames(Chart.Rendered r) {
    return r.operatorContainer().getEnv().stream().map(EnvVar::getName).toList();
  }

  /** The rendering with the random bundled-database passwords masked. */
  private static String comparable(Chart.Rendered r) {
    return r.yaml().replaceAll("(password: )\"?[A-Za-z0-9]{32}\"?", "$1RANDOM");
  }

  @Test
  void aDisabledConsoleAddsNoEnvironmentPortServiceIngressOrRule() {
    Chart.Rendered r = Chart.render(Map.of());
    assertThat(envNames(r)).noneMatch(name -> name.startsWith("SHADOWFLOW_CONSOLE"));
    assertThat(r.operatorContainer().getPorts())
        .extracting(ContainerPort::getName)
        .containsExactly("http");
    assertThat(consoleServices(r)).isEmpty();
    assertThat(r.kind("Ingress")).isEmpty();
    assertThat(r.grants()).doesNotContain(TOKEN_REVIEWS, ACCESS_REVIEWS);
    assertThat(r.yaml()).doesNotContain("console");
    // Every other console value is inert while it is off.
    Chart.Rendered configuredButOff =
        Chart.render(
            Map.of(
                "console.enabled",
                false,
                "console.port",
                9000,
                "console.authCache",
                "1m",
                "console.service.type",
                "LoadBalancer",
                "console.service.annotations",
                Map.of("a", "b")));
    assertThat(comparable(configuredButOff)).isEqualTo(comparable(r));
  }

  @Test
  void anEnabledConsoleGetsItsPortAndAuthorizationCacheInTheOperatorEnvironment() {
    Chart.Rendered r = Chart.render(enabled());
    assertThat(r.env("SHADOWFLOW_CONSOLE_PORT")).hasValue("8081");
    assertThat(r.env("SHADOWFLOW_CONSOLE_AUTH_CACHE")).hasValue("10s");
    // The probes' and metrics' port stays first and unchanged.
    assertThat(r.operatorContainer().getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("http", 8080),
            org.assertj.core.groups.Tuple.tuple("console", 8081));
    // Only the two variables and the port: the rest of the Deployment is the same as when off.
    List<String> off = new ArrayList<>(envNames(Chart.render(Map.of())));
    off.addAll(List.of("SHADOWFLOW_CONSOLE_PORT", "SHADOWFLOW_CONSOLE_AUTH_CACHE"));
    assertThat(envNames(r)).containsExactlyInAnyOrderElementsOf(off);

    Chart.Rendered custom = Chart.render(enabled("console.port", 9090, "console.authCache", "30s"));
    assertThat(custom.env("SHADOWFLOW_CONSOLE_PORT")).hasValue("9090");
    assertThat(custom.env("SHADOWFLOW_CONSOLE_AUTH_CACHE")).hasValue("30s");
    assertThat(custom.operatorContainer().getPorts().get(1).getContainerPort()).isEqualTo(9090);
  }

  @Test
  void theServiceSendsItsPortToTheOperatorPodsConsolePortAndNoMetricsScrapeSelectsIt() {
    Chart.Rendered r = Chart.render(enabled("metrics.serviceMonitor.enabled", true));
    Service service = consoleServices(r).get(0);
    assertThat(consoleServices(r)).hasSize(1);
    assertThat(service.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(r.operator().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getSelector())
        .containsEntry("app.kubernetes.io/component", "operator");
    ServicePort port = service.getSpec().getPorts().get(0);
    assertThat(service.getSpec().getPorts()).hasSize(1);
    assertThat(port.getPort()).isEqualTo(80);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("console");
    // The operator's ServiceMonitor selects Services by label: not this one, which has no
    // metrics port.
    GenericKubernetesResource monitor = (GenericKubernetesResource) r.kind("ServiceMonitor").get(0);
    Map<?, ?> selector =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ((Map<?, ?>) monitor.getAdditionalProperties().get("spec")).get("selector"))
                .get("matchLabels");
    assertThat(service.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .as("the ServiceMonitor %s selects the console Service", selector)
        .isFalse();

    Service custom =
        consoleServices(
                Chart.render(
                    enabled(
                        "console.service.type",
                        "LoadBalancer",
                        "console.service.port",
                        8443,
                        "console.service.annotations",
                        Map.of("service.beta.kubernetes.io/aws-load-balancer-internal", "true"))))
            .get(0);
    assertThat(custom.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(custom.getSpec().getPorts().get(0).getPort()).isEqualTo(8443);
    assertThat(custom.getMetadata().getAnnotations())
        .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "true");
  }

  @Test
  void theIngressRoutesItsHostToTheConsoleServiceWithTls() {
    Chart.Rendered off = Chart.render(enabled());
    assertThat(off.kind("Ingress")).isEmpty();

    Chart.Rendered r =
        Chart.render(
            enabled(
                "console.ingress.enabled",
                true,
                "console.ingress.className",
                "nginx",
                "console.ingress.host",
                "shadowflow.example.com",
                "console.ingress.annotations",
                Map.of("nginx.ingress.kubernetes.io/proxy-buffering", "off"),
                "console.ingress.tls",
                List.of(
                    Map.of(
                        "secretName", "console-tls", "hosts", List.of("shadowflow.example.com")))));
    Ingress ingress = r.all(Ingress.class).get(0);
    assertThat(r.all(Ingress.class)).hasSize(1);
    assertThat(ingress.getApiVersion()).isEqualTo("networking.k8s.io/v1");
    assertThat(ingress.getMetadata().getName()).isEqualTo(CONSOLE);
    assertThat(ingress.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls()).hasSize(1);
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("console-tls");
    assertThat(ingress.getSpec().getTls().get(0).getHosts())
        .containsExactly("shadowflow.example.com");
    IngressRule rule = ingress.getSpec().getRules().get(0);
    assertThat(ingress.getSpec().getRules()).hasSize(1);
    assertThat(rule.getHost()).isEqualTo("shadowflow.example.com");
    HTTPIngressPath path = rule.getHttp().getPaths().get(0);
    assertThat(path.getPath()).isEqualTo("/");
    assertThat(path.getPathType()).isEqualTo("Prefix");
    Service service = consoleServices(r).get(0);
    assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
    assertThat(path.getBackend().getService().getPort().getName())
        .isEqualTo(service.getSpec().getPorts().get(0).getName());

    Ingress anyHost =
        Chart.render(enabled("console.ingress.enabled", true)).all(Ingress.class).get(0);
    assertThat(anyHost.getSpec().getRules().get(0).getHost()).isNull();
    assertThat(anyHost.getSpec().getIngressClassName()).isNull();
    assertThat(anyHost.getSpec().getTls()).isNullOrEmpty();
  }

  @Test
  void theOperatorMayReviewTokensAndAccessOnlyWhenTheConsoleIsOn() {
    for (Map<String, Object> scope :
        List.<Map<String, Object>>of(
            Map.of(), Map.of("operator.watchNamespaces", List.of("apps", "batch")))) {
      List<Chart.Grant> without = Chart.render(scope).grants();
      Map<String, Object> values = new HashMap<>(scope);
      values.put("console.enabled", true);
      Chart.Rendered r = Chart.render(values);
      List<Chart.Grant> added = new ArrayList<>(r.grants());
      without.forEach(added::remove);
      assertThat(added)
          .as("granted for the console")
          .containsExactly(TOKEN_REVIEWS, ACCESS_REVIEWS);
      assertThat(without).doesNotContain(TOKEN_REVIEWS, ACCESS_REVIEWS);
      // Both reviews are cluster-scoped: a ClusterRole bound to the operator's account, even
      // when the operator's own rules are Roles in the watched namespaces.
      ClusterRole role =
          r.all(ClusterRole.class).stream()
              .filter(
                  c ->
                      c.getRules().stream()
                          .anyMatch(x -> x.getResources().contains("tokenreviews")))
              .findFirst()
              .orElseThrow();
      ClusterRoleBinding binding =
          r.all(ClusterRoleBinding.class).stream()
              .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName()))
              .findFirst()
              .orElseThrow();
      assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName())
                    .isEqualTo(
                        r.operator().getSpec().getTemplate().getSpec().getServiceAccountName());
                assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
              });
    }
  }

  @Test
  void theSchemaAndTheChartRejectBadConsoleValues() {
    assertSchemaRejects(
        enabled("console.port", "x"), "at '/console/port': got string, want integer");
    assertSchemaRejects(
        enabled("console.colour", "blue"), "at '/console': additional properties 'colour'");
    assertSchemaRejects(
        enabled("console.authCache", "ten seconds"),
        "at '/console/authCache': 'ten seconds' does not match pattern");
    assertSchemaRejects(
        enabled("console.service.type", "ExternalName"),
        "at '/console/service/type': value must be one of");
    assertSchemaRejects(
        enabled("console.ingress.tls", List.of(Map.of("secret", "x"))),
        "at '/console/ingress/tls/0': additional properties 'secret'");
    assertSchemaRejects(enabled("console.ingress.path", "console"), "at '/console/ingress/path'");
    // What a schema cannot say: two servers on one port, and an Ingress with nothing behind it.
    assertThatThrownBy(() -> Chart.render(enabled("console.port", 8080)))
        .hasMessageContaining("console.port 8080 is operator.httpPort already");
    assertThatThrownBy(() -> Chart.render(Map.of("console.ingress.enabled", true)))
        .hasMessageContaining("console.ingress.enabled needs console.enabled: true");
  }

  /** Helm refuses these values against values.schema.json, before rendering anything. */
  private static void assertSchemaRejects(Map<String, Object> values, String error) {
    assertThatThrownBy(() -> Chart.render(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(error);
  }

  @Test
  void theNotesTellHowToReachTheConsoleAndSignIn() {
    String notes = Chart.installOutput(enabled());
    assertThat(notes)
        .contains("kubectl port-forward -n shadowflow-system svc/" + CONSOLE + " 8081:80")
        .contains("http://127.0.0.1:8081/")
        .contains("kubectl create token NAME");
    assertThat(Chart.installOutput(Map.of())).doesNotContain("console");
    assertThat(
            Chart.installOutput(
                enabled(
                    "console.ingress.enabled",
                    true,
                    "console.ingress.host",
                    "shadowflow.example.com",
                    "console.ingress.tls",
                    List.of(Map.of("secretName", "console-tls")))))
        .contains("https://shadowflow.example.com/");
  }
}
