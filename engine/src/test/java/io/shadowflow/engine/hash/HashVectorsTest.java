package io.shadowflow.engine.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.FakeTime;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed hash contract: these manifests must keep producing exactly these run ids, step
 * hashes and workflow hashes. A failure here means the contract changed: every stored golden record
 * would stop matching.
 */
class HashVectorsTest {
  record Vector(String manifest, JsonNode expected) {
    @Override
    public String toString() {
      return manifest;
    }
  }

  static Stream<Vector> vectors() throws Exception {
    try (InputStream in = HashVectorsTest.class.getResourceAsStream("/vectors/hash-vectors.json")) {
      List<Vector> vectors = new ArrayList<>();
      for (JsonNode v : Json.MAPPER.readTree(in)) {
        vectors.add(new Vector(v.get("manifest").asText(), v.get("expected")));
      }
      return vectors.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void runReproducesCommittedHashes(Vector vector) throws Exception {
    RunResult result = run(vector.manifest());
    assertThat(CanonicalJson.of(result.toJson())).isEqualTo(CanonicalJson.of(vector.expected()));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void workflowHashIsSha256OfTheCanonicalContractFields(Vector vector) {
    ObjectNode fields = ((ObjectNode) vector.expected()).deepCopy();
    String printed = fields.remove("workflow_hash").asText();
    assertThat(Sha256.hex(CanonicalJson.of(fields))).isEqualTo(printed);
  }

  private static RunResult run(String manifest) throws InterruptedException, URISyntaxException {
    Path file = Path.of(HashVectorsTest.class.getResource("/vectors/" + manifest).toURI());
    CompiledWorkflow workflow = new WorkflowCompiler().compileFile(file, null);
    // Fake time: the failing vector's HTTP_503 is retried with backoff, which must not matter.
    return new FakeTime()
        .executor(new InMemoryCheckpointStore())
        .run(workflow, ExecutionListener.NONE);
  }
}
