package io.shadowflow.engine.egress;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that lets each request through the {@link EgressGate} and then connects to
 * the address the gate checked, written into the URL as a literal, with the original {@code Host}
 * header (and, for https, the original name for SNI and certificate checks). The JDK client thus
 * never resolves a name itself. Redirects are never followed and no proxy is used: either would
 * reach a destination nobody checked.
 *
 * <p>Setting {@code Host} needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} before the
 * JDK's HTTP classes load; {@code Main} and the build's test configuration set it.
 */
public final class EgressHttpClient extends HttpClient {
  /** The JDK property that lets a request set {@code Host}. */
  public static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  static {
    // Embedders that did not set it still work, unless the JDK's HTTP classes loaded earlier.
    if (System.getProperty(RESTRICTED_HEADERS) == null) {
      System.setProperty(RESTRICTED_HEADERS, "host");
    }
  }

  private final EgressGate gate;
  private final SSLContext tls;
  private final HttpClient plain;

  /** Clients for https by host name: SNI and the certificate check are fixed per JDK client. */
  private final Map<String, HttpClient> tlsByHost = new ConcurrentHashMap<>();

  public EgressHttpClient(EgressGate gate) {
    this(gate, defaultTls());
  }

  /**
   * @param tls whose trust decides which servers' certificates are accepted
   */
  public EgressHttpClient(EgressGate gate, SSLContext tls) {
    this.gate = gate;
    this.tls = tls;
    this.plain = builder().build();
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no TLS", e);
    }
  }

  /** The client of an engine: the policy from {@code SHADOWFLOW_EGRESS_DENY}/{@code _ALLOW}. */
  public static EgressHttpClient fromEnvironment() {
    return new EgressHttpClient(new EgressGate(EgressPolicy.fromEnvironment(System.getenv())));
  }

  private HttpClient.Builder builder() {
    // HTTP/1.1: an HTTP/2 connection would send the literal as :authority instead of Host.
    return HttpClient.newBuilder()
        .sslContext(tls)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(Redirect.NEVER)
        .proxy(HttpClient.Builder.NO_PROXY)
        .version(Version.HTTP_1_1);
  }

  /** The request rewritten to the checked address, and the client that must send it. */
  private record Routed(HttpClient client, HttpRequest request) {}

  private Routed route(HttpRequest request) throws IOException {
    URI url = request.uri();
    String host = url.getHost();
    InetAddress address = gate.admit(host);
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
    URI literal =
        URI.create(url.getScheme() + "://" + HostNames.urlHost(address) + port + path + query);
    HttpRequest routed =
        HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("host"))
            .uri(literal)
            .header("Host", host + port)
            .build();
    return new Routed(clientFor(url.getScheme(), HostNames.normalise(host)), routed);
  }

  private HttpClient clientFor(String scheme, String host) {
    boolean named = HostNames.numericAddress(host).isEmpty(); // admitted, so it parses
    if (!"https".equalsIgnoreCase(scheme) || !named) {
      return plain;
    }
    return tlsByHost.computeIfAbsent(
        host,
        name -> {
          // The trust manager checks the certificate against the SNI name when one is set.
          SSLParameters tls = plain.sslParameters();
          tls.setServerNames(List.of(new SNIHostName(name)));
          return builder().sslParameters(tls).build();
        });
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Routed routed = route(request);
    return routed.client().send(routed.request(), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    try {
      Routed routed = route(request);
      return routed.client().sendAsync(routed.request(), handler, push);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return Optional.empty();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return Optional.of(CONNECT_TIMEOUT);
  }

  @Override
  public Redirect followRedirects() {
    return Redirect.NEVER;
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return Optional.empty();
  }

  @Override
  public SSLContext sslContext() {
    return plain.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return plain.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return Optional.empty();
  }

  @Override
  public Version version() {
    return Version.HTTP_1_1;
  }

  @Override
  public Optional<Executor> executor() {
    return Optional.empty();
  }
}
