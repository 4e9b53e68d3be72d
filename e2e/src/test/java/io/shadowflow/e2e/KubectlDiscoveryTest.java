package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real kubectl finds its way around the test API: versions, built-in types and CRDs. */
class KubectlDiscoveryTest {
  @RegisterExtension static final ControlPlane PLANE = ControlPlane.withToyCrds();
  private static Kubectl kubectl;

  @BeforeAll
  static void kubectl() {
    kubectl = PLANE.kubectl();
  }

  @Test
  void reportsAServerVersionKubectlAccepts() {
    assertThat(kubectl.ok("version")).contains("Server Version: v1.32.");
  }

  @Test
  void listsBuiltInResourcesWithShortNames() {
    String resources = kubectl.ok("api-resources", "--no-headers");
    assertThat(resources.lines().map(l -> l.trim().replaceAll("\\s+", " ")))
        .contains(
            "pods po v1 true Pod",
            "secrets v1 true Secret",
            "namespaces ns v1 false Namespace",
            "jobs batch/v1 true Job",
            "leases coordination.k8s.io/v1 true Lease",
            "deployments deploy apps/v1 true Deployment",
            "customresourcedefinitions crd,crds apiextensions.k8s.io/v1 false CustomResourceDefinition",
            "events ev events.k8s.io/v1 true Event");
  }

  @Test
  void listsCustomResourcesWithShortNamesAndCategories() {
    String toys = kubectl.ok("api-resources", "--categories=toys", "-o", "wide", "--no-headers");
    assertThat(toys.lines().map(l -> l.trim().replaceAll("\\s+", " ")))
        .containsExactly(
            "gizmos gz e2e.shadowflow.io/v1 true Gizmo"
                + " create,delete,deletecollection,get,list,patch,update,watch toys",
            "widgets wg e2e.shadowflow.io/v1 true Widget"
                + " create,delete,deletecollection,get,list,patch,update,watch toys");
  }

  @Test
  void servesTheStatusAndScaleSubresourcesInDiscovery() {
    String document = kubectl.ok("get", "--raw", "/apis/e2e.shadowflow.io/v1");
    assertThat(document)
        .contains("\"name\":\"widgets/status\"")
        .contains(
            "\"name\":\"widgets/scale\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Scale\"",
            "\"group\":\"autoscaling\",\"version\":\"v1\"")
        .doesNotContain("gizmos/scale");
  }

  @Test
  void getsSeveralTypesByShortNameAndByCategory() {
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Widget
        metadata: {name: sprocket}
        spec: {replicas: 1}
        ---
        apiVersion: e2e.shadowflow.io/v1
        kind: Gizmo
        metadata: {name: gadget}
        spec: {}
        """);
    assertThat(kubectl.ok("get", "wg,gz", "-o", "name"))
        .contains("widget.e2e.shadowflow.io/sprocket", "gizmo.e2e.shadowflow.io/gadget");
    assertThat(kubectl.ok("get", "toys", "-o", "name"))
        .contains("widget.e2e.shadowflow.io/sprocket", "gizmo.e2e.shadowflow.io/gadget");
  }

  @Test
  void forgetsACustomResourceTypeWhenItsCrdIsDeleted() {
    kubectl.apply(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: doodads.e2e.shadowflow.io}
        spec:
          group: e2e.shadowflow.io
          scope: Namespaced
          names: {plural: doodads, singular: doodad, kind: Doodad, shortNames: [dd]}
          versions:
            - name: v1
              served: true
              storage: true
              schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
        """);
    // As on a real cluster, a custom resource cannot share an apply with its new CRD.
    kubectl.apply(
        """
        apiVersion: e2e.shadowflow.io/v1
        kind: Doodad
        metadata: {name: thing}
        """);
    assertThat(kubectl.jsonpath("dd", "thing", "{.kind}")).isEqualTo("Doodad");

    kubectl.ok("delete", "crd", "doodads.e2e.shadowflow.io");

    Kubectl.Result result = kubectl.run("get", "doodads");
    assertThat(result.exitCode()).isNotZero();
    // With its discovery cache still warm, kubectl asks and is told 404, as on a real cluster.
    assertThat(result.err())
        .containsAnyOf(
            "the server doesn't have a resource type \"doodads\"",
            "the server could not find the requested resource");
    assertThat(
            kubectl
                .run("get", "--raw", "/apis/e2e.shadowflow.io/v1/namespaces/default/doodads")
                .err())
        .contains("NotFound");
  }

  @Test
  void unknownTypesAreNotFound() {
    Kubectl.Result result =
        kubectl.run("get", "--raw", "/apis/nope.example.com/v1/namespaces/default/things");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("the server could not find the requested resource");
  }
}
