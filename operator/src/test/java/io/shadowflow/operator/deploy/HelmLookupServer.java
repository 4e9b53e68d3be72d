package io.shadowflow.operator.deploy;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The API server the chart's {@code lookup} asks during {@code helm template}: helm-java's
 * template, unlike the CLI's, calls the cluster of the default configuration, http://localhost:8080
 * when there is no kubeconfig. A Fabric8 mock server in CRUD mode answers there, so a test can put
 * the Secret an upgrade would find.
 */
final class HelmLookupServer {
  private static KubernetesClient client;

  private HelmLookupServer() {}

  static synchronized KubernetesClient client() {
    if (client == null) {
      Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
      KubernetesMockServer server =
          new KubernetesMockServer(
              new Context(),
              new MockWebServer(),
              responses,
              new KubernetesMixedDispatcher(responses),
              false);
      try {
        server.init(InetAddress.getByName("127.0.0.1"), 8080);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
      // Discovery, which CRUD mode does not answer: lookup asks which resource "v1 Secret" is
      // (with the client-go discovery timeout in the query).
      server
          .expect()
          .get()
          .withPath("/api/v1?timeout=32s")
          .andReturn(
              200,
              new APIResourceListBuilder()
                  .withGroupVersion("v1")
                  .addToResources(
                      new APIResourceBuilder()
                          .withName("secrets")
                          .withKind("Secret")
                          .withNamespaced(true)
                          .withVerbs("get", "list")
                          .build())
                  .build())
          .always();
      client = server.createClient();
    }
    return client;
  }
}
