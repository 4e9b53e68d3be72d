package io.shadowflow.testkit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.shadowflow.testkit.apiserver.ControlPlaneDispatcher;
import io.shadowflow.testkit.apiserver.ControlPlaneWebServer;
import io.shadowflow.testkit.apiserver.Identities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API for tests and local development: the Fabric8 mock server in CRUD mode, with a
 * dispatcher that serves what the real kubectl and an operator need (see {@link
 * ControlPlaneDispatcher}), listening on 127.0.0.1 only, over plain HTTP.
 */
public final class KubeApiServer implements AutoCloseable {
  /** The namespaces every cluster starts with. */
  public static final List<String> INITIAL_NAMESPACES =
      List.of("default", "kube-system", "kube-public");

  // The mock server logs every request at INFO through java.util.logging; keep a reference so
  // the quieter level is not garbage-collected away with the logger.
  private static final Logger MOCK_LOG = Logger.getLogger(MockWebServer.class.getName());

  private final KubernetesMockServer server;
  private final ControlPlaneDispatcher dispatcher;
  private final KubernetesClient client;

  private KubeApiServer(KubernetesMockServer server, ControlPlaneDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = newClient("default");
  }

  /** Starts a server on a free loopback port, with the initial namespaces created. */
  public static KubeApiServer start() {
    return start(false);
  }

  /** {@link #start()}, keeping every request for {@link #takeRequests()}: for tests. */
  public static KubeApiServer startRecording() {
    return start(true);
  }

  private static KubeApiServer start(boolean recording) {
    MOCK_LOG.setLevel(Level.WARNING);
    KubernetesMockServer[] holder = new KubernetesMockServer[1];
    ControlPlaneDispatcher dispatcher =
        new ControlPlaneDispatcher(() -> "127.0.0.1:" + holder[0].getPort());
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new ControlPlaneWebServer(recording),
            new HashMap<>(),
            dispatcher,
            false);
    holder[0] = server;
    server.start(InetAddress.getLoopbackAddress(), 0);
    KubeApiServer api = new KubeApiServer(server, dispatcher);
    for (String namespace : INITIAL_NAMESPACES) {
      api.client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    return api;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** A client of this server whose default namespace is {@code default}; closed with the server. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client of this server with another default namespace; the caller closes it. */
  public KubernetesClient newClient(String namespace) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withNamespace(namespace)
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Every request received since the last call, oldest first (WebSocket watches included); the
   * server must have been started with {@link #startRecording()}.
   */
  public List<RecordedRequest> takeRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      for (RecordedRequest r = server.takeRequest(0, TimeUnit.MILLISECONDS);
          r != null;
          r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
        requests.add(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  /** Who the tokens this server issues are: it answers TokenReviews and SubjectAccessReviews. */
  public Identities identities() {
    return dispatcher.identities();
  }

  /** Lets {@code kubectl logs} read pod logs from a pod runner. */
  public void podLogs(PodLogSource source) {
    dispatcher.podLogs(source);
  }

  /**
   * Writes a kubeconfig for kubectl whose current context points here, in {@code namespace}. Its
   * token is checked by no one; without one, a Fabric8 client reads the kubeconfig file again on
   * every request, looking for a token to refresh (a quarter of an operator's CPU samples).
   */
  public Path writeKubeconfig(Path file, String namespace) {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: shadowflow-local
          cluster:
            server: %s
        users:
        - name: shadowflow-local
          user:
            token: local
        contexts:
        - name: shadowflow-local
          context:
            cluster: shadowflow-local
            user: shadowflow-local
            namespace: %s
        current-context: shadowflow-local
        """
            .formatted(url(), namespace);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
