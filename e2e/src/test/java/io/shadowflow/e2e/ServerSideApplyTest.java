package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.shadowflow.testkit.KubeApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Server-side apply and status writes as a Java Operator SDK operator and kubectl make them: the
 * Fabric8 client's {@code serverSideApply()}, {@code kubectl apply --server-side}, and writes to
 * {@code /status?fieldManager=...}, which must touch status only.
 */
class ServerSideApplyTest {
  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("e2e.shadowflow.io")
          .withVersion("v1")
          .withPlural("widgets")
          .withKind("Widget")
          .withNamespaced(true)
          .build();

  @RegisterExtension static final ControlPlane PLANE = ControlPlane.withToyCrds();
  private static KubeApiServer api;
  private static Kubectl kubectl;
  private static KubernetesClient client;

  @BeforeAll
  static void clients() {
    api = PLANE.api();
    kubectl = PLANE.kubectl();
    client = PLANE.client();
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      widgets() {
    return client.genericKubernetesResources(WIDGETS).inNamespace("default");
  }

  private static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("e2e.shadowflow.io/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  private static Object spec(GenericKubernetesResource resource) {
    return resource.getAdditionalProperties().get("spec");
  }

  @Test
  void createsWhenAbsentAndRecordsTheManager() {
    GenericKubernetesResource applied =
        apply(widget("ssa-created", Map.of("replicas", 1, "color", "red")), "operator");

    assertThat(applied.getMetadata().getUid()).isNotEmpty();
    assertThat(applied.getMetadata().getGeneration()).isEqualTo(1L);
    GenericKubernetesResource stored = widgets().withName("ssa-created").get();
    assertThat(spec(stored)).isEqualTo(Map.of("replicas", 1, "color", "red"));
    assertThat(stored.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.getManager()).isEqualTo("operator");
              assertThat(entry.getOperation()).isEqualTo("Apply");
              assertThat(entry.getFieldsV1().getAdditionalProperties())
                  .isEqualTo(Map.of("f:spec", Map.of("f:replicas", Map.of(), "f:color", Map.of())));
            });
  }

  @Test
  void mergesIntoTheObjectAndDropsWhatTheSameManagerNoLongerSets() {
    apply(widget("ssa-merged", Map.of("replicas", 1, "color", "red", "size", 3)), "operator");
    widgets()
        .withName("ssa-merged")
        .edit(
            w -> {
              w.getMetadata().setLabels(Map.of("by", "hand"));
              return w;
            });
    String versionBefore =
        widgets().withName("ssa-merged").get().getMetadata().getResourceVersion();

    apply(widget("ssa-merged", Map.of("replicas", 2, "color", "red")), "operator");

    GenericKubernetesResource stored = widgets().withName("ssa-merged").get();
    assertThat(spec(stored)).isEqualTo(Map.of("replicas", 2, "color", "red"));
    assertThat(stored.getMetadata().getLabels()).isEqualTo(Map.of("by", "hand"));
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(stored.getMetadata().getResourceVersion()).isNotEqualTo(versionBefore);
  }

  @Test
  void aRepeatedApplyChangesNothing() {
    GenericKubernetesResource first =
        apply(widget("ssa-repeated", Map.of("replicas", 1)), "operator");

    GenericKubernetesResource second =
        apply(widget("ssa-repeated", Map.of("replicas", 1)), "operator");

    assertThat(second.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
  }

  @Test
  void keepsFinalizersOfOtherManagersAsASet() {
    apply(widget("ssa-finalizers", Map.of("replicas", 1)), "operator");
    GenericKubernetesResource mine = widget("ssa-finalizers", Map.of("replicas", 1));
    mine.getMetadata().setFinalizers(List.of("e2e.shadowflow.io/mine"));
    apply(mine, "operator");
    GenericKubernetesResource theirs =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("e2e.shadowflow.io/v1")
            .withKind("Widget")
            .withNewMetadata()
            .withName("ssa-finalizers")
            .withNamespace("default")
            .withFinalizers("e2e.shadowflow.io/theirs")
            .endMetadata()
            .build();

    apply(theirs, "other");

    assertThat(widgets().withName("ssa-finalizers").get().getMetadata().getFinalizers())
        .containsExactly("e2e.shadowflow.io/mine", "e2e.shadowflow.io/theirs");
  }

  @Test
  void appliesStatusThroughTheStatusSubresourceOnly() {
    apply(widget("ssa-status", Map.of("replicas", 1, "color", "red")), "operator");
    GenericKubernetesResource status =
        widget("ssa-status", Map.of("replicas", 9, "color", "ignored"));
    status.setAdditionalProperty("status", Map.of("phase", "Running", "replicas", 1));

    applyStatus(status);

    GenericKubernetesResource stored = widgets().withName("ssa-status").get();
    assertThat(spec(stored)).isEqualTo(Map.of("replicas", 1, "color", "red"));
    assertThat(stored.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Running", "replicas", 1));
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(stored.getMetadata().getManagedFields())
        .anySatisfy(entry -> assertThat(entry.getSubresource()).isEqualTo("status"));
  }

  @Test
  void aStatusApplyDropsStatusFieldsItNoLongerSets() {
    apply(widget("ssa-status-drop", Map.of("replicas", 1)), "operator");
    GenericKubernetesResource failing = widget("ssa-status-drop", Map.of("replicas", 1));
    failing.setAdditionalProperty("status", Map.of("phase", "Failed", "selector", "error=yes"));
    applyStatus(failing);
    GenericKubernetesResource recovered = widget("ssa-status-drop", Map.of("replicas", 1));
    recovered.setAdditionalProperty("status", Map.of("phase", "Running"));

    applyStatus(recovered);

    assertThat(widgets().withName("ssa-status-drop").get().getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Running"));
  }

  private static GenericKubernetesResource apply(
      GenericKubernetesResource resource, String manager) {
    return widgets().resource(resource).fieldManager(manager).forceConflicts().serverSideApply();
  }

  /**
   * What the Java Operator SDK does for patchStatus: SSA to /status?fieldManager=...&force=true.
   */
  private static void applyStatus(GenericKubernetesResource resource) {
    widgets()
        .resource(resource)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("operator")
                .withForce(true)
                .build());
  }

  @Test
  void aStatusApplyToAMissingObjectIsNotFound() {
    GenericKubernetesResource missing = widget("ssa-missing", Map.of());
    missing.setAdditionalProperty("status", Map.of("phase", "Running"));

    assertThatThrownBy(() -> applyStatus(missing))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThat(widgets().withName("ssa-missing").get()).isNull();
  }

  @Test
  void mergePatchAndUpdateOfStatusWithAQueryStringTouchOnlyStatus() throws Exception {
    widgets().resource(widget("status-query", Map.of("replicas", 1, "color", "red"))).create();

    // kubectl sends PATCH .../status?fieldManager=operator
    kubectl.ok(
        "patch",
        "wg",
        "status-query",
        "--subresource=status",
        "--type=merge",
        "--field-manager=operator",
        "-p",
        "{\"spec\":{\"color\":\"blue\"},\"status\":{\"phase\":\"Running\"}}");
    GenericKubernetesResource current = widgets().withName("status-query").get();
    current.setAdditionalProperty("spec", Map.of("replicas", 5));
    current.setAdditionalProperty("status", Map.of("phase", "Succeeded"));
    HttpResponse<String> put =
        send(
            "PUT",
            "/apis/e2e.shadowflow.io/v1/namespaces/default/widgets/status-query/status?fieldManager=operator",
            "application/json",
            client.getKubernetesSerialization().asJson(current));

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    GenericKubernetesResource stored = widgets().withName("status-query").get();
    assertThat(spec(stored)).isEqualTo(Map.of("replicas", 1, "color", "red"));
    assertThat(stored.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Succeeded"));
    assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void kubectlServerSideApplyCreatesMergesAndPrunesItsOwnFields() {
    String withSize =
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: kubectl-ssa, labels: {team: a}}
        spec: {replicas: 1, color: green, size: 3}
        """;
    assertThat(kubectl.apply(withSize, "--server-side")).contains("serverside-applied");
    kubectl.ok("label", "wg", "kubectl-ssa", "extra=yes");

    kubectl.apply(withSize.replace(", size: 3", ""), "--server-side");

    assertThat(kubectl.jsonpath("wg", "kubectl-ssa", "{.spec}"))
        .isEqualTo("{\"color\":\"green\",\"replicas\":1}");
    assertThat(kubectl.jsonpath("wg", "kubectl-ssa", "{.metadata.labels}"))
        .isEqualTo("{\"extra\":\"yes\",\"team\":\"a\"}");
    assertThat(
            kubectl.ok(
                "get",
                "wg",
                "kubectl-ssa",
                "--show-managed-fields",
                "-o",
                "jsonpath={.metadata.managedFields[*].manager}"))
        .isEqualTo("kubectl");
  }

  @Test
  void applyWithoutFieldManagerIsInvalid() throws Exception {
    HttpResponse<String> response =
        send(
            "PATCH",
            "/apis/e2e.shadowflow.io/v1/namespaces/default/widgets/no-manager",
            "application/apply-patch+yaml",
            "{\"apiVersion\":\"e2e.shadowflow.io/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"no-manager\"}}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("fieldManager: Required value");
  }

  private static HttpResponse<String> send(
      String method, String path, String contentType, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(api.url() + path))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aStaleResourceVersionIsAConflict() {
    GenericKubernetesResource created =
        widgets().resource(widget("stale", Map.of("replicas", 1))).create();
    widgets()
        .withName("stale")
        .edit(
            w -> {
              w.setAdditionalProperty("spec", Map.of("replicas", 2));
              return w;
            });
    created.setAdditionalProperty("spec", Map.of("replicas", 3));

    assertThatThrownBy(() -> widgets().resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }
}
