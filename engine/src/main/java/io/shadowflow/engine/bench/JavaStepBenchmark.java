package io.shadowflow.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.shadowflow.engine.manifest.ManifestReader;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.plugin.Plugins;
import io.shadowflow.sdk.JavaStep;
import io.shadowflow.sdk.StepContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference workflow with its three transforms written as Java steps, next to its CEL version
 * in the same process: workflow runs per second in memory, then replays per second from golden
 * records held in memory, for each.
 */
public final class JavaStepBenchmark {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** The reference workflow's steps, its transforms as the Java steps below. */
  private static final String JAVA_REFERENCE =
      """
      apiVersion: shadowflow.io/v1alpha1
      kind: Workflow
      metadata:
        name: reference-java
      spec:
        type: reference-java
        seed: 0
        input: {item: sku-7, qty: 3}
        steps:
          - {name: price, kind: referencePrice}
          - {name: pick, kind: random, choice: [red, green, blue]}
          - {name: label, kind: referenceLabel}
          - {name: pause, kind: sleep, duration: 0s}
          - {name: receipt, kind: referenceReceipt}
      """;

  private JavaStepBenchmark() {}

  /** {@code JavaStepBenchmark REFERENCE_MANIFEST [SECONDS]}. */
  public static void main(String[] args) throws Exception {
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    CompiledWorkflow cel = new WorkflowCompiler().compileFile(Path.of(args[0]), null);
    CompiledWorkflow java =
        new WorkflowCompiler(
                Plugins.with(
                    List.of(new ReferencePrice(), new ReferenceLabel(), new ReferenceReceipt()),
                    "the benchmark"))
            .compile(ManifestReader.parse(JAVA_REFERENCE, "java"));
    int threads = Runtime.getRuntime().availableProcessors();
    PrintWriter out = new PrintWriter(System.out, true);
    // Twice each, alternating: neither gets the JIT or the machine's quieter minute alone.
    for (int round = 0; round < 2; round++) {
      new MemoryBenchmark(cel, threads, seconds).run(out);
      new MemoryBenchmark(java, threads, seconds).run(out);
    }
    new ShadowBenchmark(cel).replaysFromGoldenRecordsInMemory();
    new ShadowBenchmark(java).replaysFromGoldenRecordsInMemory();
  }

  /** {@code {"price": input.qty * 3}}. */
  static final class ReferencePrice implements JavaStep {
    @Override
    public String kind() {
      return "referencePrice";
    }

    @Override
    public boolean onlyComputes() {
      return true;
    }

    @Override
    public JsonNode run(JsonNode with, StepContext context) {
      return JSON.objectNode().put("price", context.input().path("qty").asLong() * 3);
    }
  }

  /** {@code input.item + "/" + steps.pick.output}. */
  static final class ReferenceLabel implements JavaStep {
    @Override
    public String kind() {
      return "referenceLabel";
    }

    @Override
    public boolean onlyComputes() {
      return true;
    }

    @Override
    public JsonNode run(JsonNode with, StepContext context) {
      return JSON.textNode(
          context.input().path("item").asText() + "/" + context.output("pick").asText());
    }
  }

  /** {@code {"label": steps.label.output, "total": steps.price.output.price}}. */
  static final class ReferenceReceipt implements JavaStep {
    @Override
    public String kind() {
      return "referenceReceipt";
    }

    @Override
    public boolean onlyComputes() {
      return true;
    }

    @Override
    public JsonNode run(JsonNode with, StepContext context) {
      return JSON.objectNode()
          .put("label", context.output("label").asText())
          .put("total", context.output("price").path("price").asLong());
    }
  }
}
