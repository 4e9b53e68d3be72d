package io.shadowflow.engine.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https by host name through the egress client: it connects to the address the gate checked, yet
 * the server's certificate is checked against the name in the URL (sent as SNI), as any https
 * client would. A real TLS server on loopback, with a certificate made by keytool for one name.
 */
class HttpsByNameTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final String NAME = "shop.test";

  @TempDir Path temp;

  private HttpsServer server;
  private final List<String> hosts = new CopyOnWriteArrayList<>();
  private SSLContext trustingTheServer;

  @BeforeEach
  void startServer() throws Exception {
    KeyStore keys = certificateFor(NAME);
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
    keyManagers.init(keys, PASSWORD);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    server.createContext(
        "/",
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();

    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(keys);
    trustingTheServer = SSLContext.getInstance("TLS");
    trustingTheServer.init(null, trust.getTrustManagers(), null);
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  /** Every name resolves to loopback, which the policy allows here. */
  private EgressHttpClient client() {
    EgressPolicy loopbackAllowed =
        EgressPolicy.fromEnvironment(Map.of(EgressPolicy.ALLOW_VARIABLE, "127.0.0.1/32"));
    EgressGate gate =
        new EgressGate(
            loopbackAllowed, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
    return new EgressHttpClient(gate, trustingTheServer);
  }

  private HttpResponse<String> get(String host) throws Exception {
    URI url = URI.create("https://" + host + ":" + server.getAddress().getPort() + "/quote");
    return client().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aCallByNameReachesTheCheckedAddressAndVerifiesTheCertificateForTheName() throws Exception {
    HttpResponse<String> response = get(NAME);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
    assertThat(hosts).containsExactly(NAME + ":" + server.getAddress().getPort());
  }

  @Test
  void aServerWhoseCertificateIsForAnotherNameIsRefused() {
    assertThatThrownBy(() -> get("other.test"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("No subject alternative"); // neither the name nor the address
    assertThat(hosts).isEmpty();
  }

  /** A key pair and a self-signed certificate for {@code name}, made by the JDK's keytool. */
  private KeyStore certificateFor(String name) throws Exception {
    Path file = temp.resolve("server.p12");
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Process keytool =
        new ProcessBuilder(
                java.resolveSibling("keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-dname",
                "CN=" + name,
                "-ext",
                "SAN=dns:" + name,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }
}
