package io.shadowflow.engine.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine in a network namespace of its own ({@code unshare --net --mount}, as root), where the
 * link-local metadata address is put on loopback and {@code /etc/hosts} is ours: whatever the
 * engine refuses is proven to answer when a plain client asks, and the engine's refusals come
 * before any connection (the server counts no request). The environment is an engine pod's:
 * loopback denied, {@code 127.0.0.1} allowlisted. All traffic stays inside the namespace.
 */
class EgressInOwnNetworkNamespaceTest {
  private static final String HOSTS =
      """
      127.0.0.1 localhost allowed.test
      169.254.169.254 meta.test
      ::1 v6loop.test
      127.0.0.1 rebind.test
      127.0.0.2 rebind.test
      """;

  @TempDir static Path folder;
  private static Map<String, JsonNode> outcomes;

  @BeforeAll
  static void runTheProbeInItsOwnNamespace() throws Exception {
    assumeTrue(namespacesWork(), "unshare --net --mount is not available here (needs root)");
    Path hosts = Files.writeString(folder.resolve("hosts"), HOSTS);
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--net",
                "--mount",
                "--",
                "sh",
                "-c",
                "ip link set lo up && ip addr add 169.254.169.254/32 dev lo"
                    + " && mount --bind \"$HOSTS\" /etc/hosts"
                    + " && exec \"$JAVA\" -Djdk.httpclient.allowRestrictedHeaders=host"
                    + " -cp \"$CP\" io.shadowflow.engine.egress.EgressProbe \"$@\"",
                "probe"));
    command.addAll(
        List.of(
            "http://127.0.0.1:PORT/ok",
            "http://allowed.test:PORT/ok",
            "raw:http://169.254.169.254:PORT/",
            "raw:http://[::1]:PORT/",
            "raw:http://127.0.0.2:PORT/",
            "client:http://169.254.169.254:PORT/latest/meta-data/",
            "client:http://2852039166:PORT/",
            "client:http://metadata.google.internal:PORT/",
            "http://169.254.169.254:PORT/latest/meta-data/",
            "http://2852039166:PORT/",
            "http://metadata.google.internal:PORT/computeMetadata/v1/",
            "http://meta.test:PORT/",
            "http://[::1]:PORT/",
            "http://v6loop.test:PORT/",
            "http://2130706434:PORT/",
            "http://0x7f000002:PORT/",
            "http://rebind.test:PORT/"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    Map<String, String> env = builder.environment();
    env.put("HOSTS", hosts.toString());
    env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("CP", System.getProperty("java.class.path"));
    env.put(EgressPolicy.DENY_VARIABLE, "127.0.0.0/8,::1/128,0.0.0.0/8");
    env.put(EgressPolicy.ALLOW_VARIABLE, "127.0.0.1/32");
    builder.redirectError(folder.resolve("stderr").toFile());
    builder.redirectOutput(folder.resolve("stdout").toFile());
    Process process = builder.start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    String out = Files.readString(folder.resolve("stdout"));
    assertThat(process.exitValue())
        .as("probe failed: %s", Files.readString(folder.resolve("stderr")))
        .isZero();
    outcomes = new HashMap<>();
    for (String line : out.strip().split("\\n")) {
      JsonNode outcome = Json.MAPPER.readTree(line);
      outcomes.put(outcome.get("url").asText(), outcome);
    }
  }

  private static boolean namespacesWork() throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder("unshare", "--net", "--mount", "true").start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException missing) {
      return false;
    }
  }

  private static JsonNode outcome(String url) {
    assertThat(outcomes).containsKey(url);
    return outcomes.get(url);
  }

  /** Refused by the engine with EGRESS_DENIED naming the host and the rule, nothing sent. */
  private static void refusedAtRunTime(String url, String host, String rule) {
    JsonNode outcome = outcome(url);
    assertThat(outcome.path("success").asBoolean()).as(url).isFalse();
    assertThat(outcome.path("code").asText()).as(url).isEqualTo("EGRESS_DENIED");
    assertThat(outcome.path("message").asText()).as(url).contains(host).contains(rule);
    assertThat(outcome.path("hosts")).as("%s reached the server", url).isEmpty();
  }

  @Test
  void allowlistedLoopbackIsCalledWithTheOriginalHostHeader() {
    JsonNode byAddress = outcome("http://127.0.0.1:PORT/ok");
    assertThat(byAddress.path("success").asBoolean()).as(byAddress.toString()).isTrue();
    assertThat(byAddress.path("hosts")).hasSize(1);
    JsonNode byName = outcome("http://allowed.test:PORT/ok");
    assertThat(byName.path("success").asBoolean()).as(byName.toString()).isTrue();
    assertThat(byName.path("hosts").get(0).asText()).startsWith("allowed.test:");
  }

  @Test
  void theRefusedAddressesAnswerAPlainClient() {
    for (String url :
        List.of(
            "raw:http://169.254.169.254:PORT/",
            "raw:http://[::1]:PORT/",
            "raw:http://127.0.0.2:PORT/")) {
      assertThat(outcome(url).path("success").asBoolean()).as(url).isTrue();
      assertThat(outcome(url).path("hosts")).as(url).hasSize(1);
    }
  }

  @Test
  void metadataAddressesAndNamesAreRefusedByTheEngineBeforeAnyConnection() {
    String linkLocal = "169.254.0.0/16 (always denied)";
    refusedAtRunTime(
        "client:http://169.254.169.254:PORT/latest/meta-data/", "169.254.169.254", linkLocal);
    refusedAtRunTime("client:http://2852039166:PORT/", "2852039166", linkLocal);
    refusedAtRunTime(
        "client:http://metadata.google.internal:PORT/",
        "metadata.google.internal",
        "metadata host name");
    refusedAtRunTime("http://meta.test:PORT/", "meta.test (169.254.169.254)", linkLocal);
  }

  @Test
  void validateRefusesLiteralMetadataUrlsBeforeTheRunStarts() {
    for (String url :
        List.of(
            "http://169.254.169.254:PORT/latest/meta-data/",
            "http://2852039166:PORT/",
            "http://metadata.google.internal:PORT/computeMetadata/v1/")) {
      JsonNode outcome = outcome(url);
      assertThat(outcome.path("code").asText()).as(url).isEqualTo("MANIFEST_INVALID");
      assertThat(outcome.path("message").asText()).as(url).contains("spec.steps[1].url");
      assertThat(outcome.path("hosts")).as(url).isEmpty();
    }
  }

  @Test
  void loopbackOutsideTheAllowlistIsRefusedInEveryForm() {
    String loopback = "of SHADOWFLOW_EGRESS_DENY (not in the allowlist)";
    refusedAtRunTime("http://[::1]:PORT/", "::1", "::1/128 " + loopback);
    refusedAtRunTime("http://v6loop.test:PORT/", "v6loop.test", "::1/128 " + loopback);
    refusedAtRunTime("http://2130706434:PORT/", "2130706434", "127.0.0.0/8 " + loopback);
    refusedAtRunTime("http://0x7f000002:PORT/", "0x7f000002", "127.0.0.0/8 " + loopback);
  }

  @Test
  void aNameIsRefusedWhenAnyOfItsAddressesIs() {
    refusedAtRunTime("http://rebind.test:PORT/", "rebind.test (127.0.0.2)", "127.0.0.0/8");
  }
}
