package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What controllers rely on besides kubectl: finalizers, garbage collection, watches, defaults. */
class ApiServerBehaviourTest {
  @RegisterExtension static final ControlPlane PLANE = ControlPlane.plain();
  private static Kubectl kubectl;
  private static KubernetesClient client;

  @BeforeAll
  static void clients() {
    kubectl = PLANE.kubectl();
    client = PLANE.client();
  }

  private static ConfigMap configMap(String namespace, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .build();
  }

  private static ConfigMap ownedBy(ConfigMap owner, String name) {
    ConfigMap owned = configMap("default", name);
    owned
        .getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("ConfigMap")
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .build()));
    return owned;
  }

  @Test
  void startsWithTheUsualNamespaces() {
    assertThat(kubectl.ok("get", "namespaces", "-o", "name"))
        .contains("namespace/default", "namespace/kube-system", "namespace/kube-public");
  }

  @Test
  void objectsSharingANameAreReadWrittenAndDeletedEachOnItsOwn() {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("twin").endMetadata().build())
        .create();
    client.resource(configMap("default", "twin")).create();
    client.resource(configMap("twin", "twin")).create();

    client
        .configMaps()
        .inNamespace("twin")
        .withName("twin")
        .edit(
            c -> {
              c.setData(Map.of("side", "twin"));
              return c;
            });
    client.configMaps().inNamespace("default").withName("twin").delete();

    assertThat(client.configMaps().inNamespace("default").withName("twin").get()).isNull();
    assertThat(client.configMaps().inNamespace("twin").withName("twin").get().getData())
        .containsEntry("side", "twin");
    assertThat(client.namespaces().withName("twin").get()).isNotNull();
    assertThat(kubectl.ok("get", "configmap", "twin", "-n", "twin", "-o", "name"))
        .contains("configmap/twin");
  }

  @Test
  void deletingAnOwnerDeletesWhatItOwns() {
    ConfigMap owner = client.resource(configMap("default", "owner")).create();
    client.resource(ownedBy(owner, "owned")).create();
    client.resource(configMap("default", "bystander")).create();

    kubectl.ok("delete", "configmap", "owner");

    assertThat(client.configMaps().inNamespace("default").withName("owned").get()).isNull();
    assertThat(client.configMaps().inNamespace("default").withName("bystander").get()).isNotNull();
  }

  @Test
  void orphaningKeepsWhatTheOwnerOwned() {
    ConfigMap owner = client.resource(configMap("default", "orphaning-owner")).create();
    client.resource(ownedBy(owner, "orphan")).create();

    kubectl.ok("delete", "configmap", "orphaning-owner", "--cascade=orphan");

    assertThat(client.configMaps().inNamespace("default").withName("orphan").get()).isNotNull();
  }

  @Test
  void aFinalizerHoldsADeletedObjectUntilItIsRemoved() {
    ConfigMap held = configMap("default", "held");
    held.getMetadata().setFinalizers(List.of("e2e.shadowflow.io/hold"));
    client.resource(held).create();

    kubectl.ok("delete", "configmap", "held", "--wait=false");

    ConfigMap deleting = client.configMaps().inNamespace("default").withName("held").get();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    kubectl.ok(
        "patch",
        "configmap",
        "held",
        "--type=json",
        "-p",
        "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
    assertThat(client.configMaps().inNamespace("default").withName("held").get()).isNull();
  }

  @Test
  void deletingANamespaceDeletesItsContents() {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
        .create();
    client.resource(configMap("doomed", "inside")).create();

    kubectl.ok("delete", "namespace", "doomed");

    assertThat(client.configMaps().inNamespace("doomed").withName("inside").get()).isNull();
  }

  @Test
  void establishesCrdsAndDeletesTheirObjectsWithThem() {
    String crdYaml =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: trinkets.e2e.shadowflow.io}
        spec:
          group: e2e.shadowflow.io
          scope: Namespaced
          names: {plural: trinkets, singular: trinket, kind: Trinket}
          versions:
            - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
        """;
    kubectl.apply(crdYaml);
    kubectl.apply("apiVersion: e2e.shadowflow.io/v1\nkind: Trinket\nmetadata: {name: bauble}\n");

    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("trinkets.e2e.shadowflow.io")
            .get();
    assertThat(crd.getStatus().getConditions())
        .anySatisfy(
            c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Established=True"));
    assertThat(crd.getStatus().getAcceptedNames().getKind()).isEqualTo("Trinket");

    kubectl.ok("delete", "crd", "trinkets.e2e.shadowflow.io");
    kubectl.apply(crdYaml);

    assertThat(kubectl.ok("get", "trinkets", "-o", "name")).isEmpty();
  }

  @Test
  void givesJobsTheSelectorAndPodLabelsTheJobApiWould() {
    Job job =
        client
            .resource(
                new JobBuilder()
                    .withNewMetadata()
                    .withName("defaulted")
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .withNewTemplate()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("main")
                    .withImage("e2e/shell:1")
                    .endContainer()
                    .withRestartPolicy("Never")
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();

    Job stored = client.batch().v1().jobs().inNamespace("default").withName("defaulted").get();
    String uid = job.getMetadata().getUid();
    assertThat(stored.getSpec().getSelector().getMatchLabels())
        .containsEntry("batch.kubernetes.io/controller-uid", uid);
    assertThat(stored.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("batch.kubernetes.io/controller-uid", uid)
        .containsEntry("batch.kubernetes.io/job-name", "defaulted")
        .containsEntry("job-name", "defaulted");
  }

  @Test
  void watchesOverWebSocketDeliverChanges() {
    List<String> events = new CopyOnWriteArrayList<>();
    Watch watch =
        client
            .configMaps()
            .inNamespace("default")
            .withLabel("watched", "yes")
            .watch(
                new Watcher<ConfigMap>() {
                  @Override
                  public void eventReceived(Action action, ConfigMap resource) {
                    events.add(action + " " + resource.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    try {
      ConfigMap watched = configMap("default", "watched");
      watched.getMetadata().setLabels(java.util.Map.of("watched", "yes"));
      client.resource(watched).create();
      kubectl.ok("label", "configmap", "watched", "more=1");
      kubectl.ok("delete", "configmap", "watched");

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events)
                      .containsExactly("ADDED watched", "MODIFIED watched", "DELETED watched"));
    } finally {
      watch.close();
    }
  }

  @Test
  void streamsAWatchOverPlainHttpUntilItsTimeoutSeconds() {
    client.resource(configMap("default", "streamed")).create();
    client.resource(configMap("default", "unwatched")).create();

    String events =
        kubectl.ok(
            "get",
            "--raw",
            "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1"
                + "&fieldSelector=metadata.name%3Dstreamed");

    // No resourceVersion: the watch starts with the current objects, one JSON event a line.
    assertThat(events.lines())
        .singleElement()
        .asString()
        .startsWith("{\"type\":\"ADDED\",\"object\":{")
        .contains("\"name\":\"streamed\"");
  }

  @Test
  void strategicMergePatchesBuiltInTypes() {
    client.resource(configMap("default", "strategic")).create();

    kubectl.ok("patch", "configmap", "strategic", "-p", "{\"data\":{\"key\":\"value\"}}");

    assertThat(client.configMaps().inNamespace("default").withName("strategic").get().getData())
        .containsEntry("key", "value");
  }
}
