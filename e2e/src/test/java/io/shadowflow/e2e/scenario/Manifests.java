package io.shadowflow.e2e.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The small workflows of the scenarios, each a manifest for a name and namespace. */
final class Manifests {
  private Manifests() {}

  /**
   * {@code examples/hello-workflow.yaml}, as a user would apply it, placed in {@code namespace}.
   */
  static String helloExample(String namespace) {
    return example("hello-workflow.yaml", "hello", namespace);
  }

  /** {@code examples/branching-workflow.yaml}, placed in {@code namespace}. */
  static String branchingExample(String namespace) {
    return example("branching-workflow.yaml", "branching", namespace);
  }

  private static String example(String file, String name, String namespace) {
    try {
      String example = Files.readString(io.shadowflow.engine.testing.Manifests.example(file));
      String metadata = "  name: " + name + "\n";
      return example.replace(metadata, metadata + "  namespace: " + namespace + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The third step of five that only computes. */
  private static final String LABEL =
      "{name: label, kind: transform, expr: 'input.item + \"/\" + steps.pick.output'}";

  /**
   * Five steps with a sleep of {@code sleep} as the fourth: long enough to act in the middle of a
   * run, short enough to keep the suite fast.
   */
  static String sleepy(String name, String namespace, String sleep) {
    return fiveSteps(
        name,
        namespace,
        "sleepy",
        LABEL,
        "{name: wait, kind: sleep, duration: %s}".formatted(sleep));
  }

  /**
   * Five steps whose fourth calls {@code gate} (a held {@code LocalHttpServer}): the run stays at
   * 3/5 until the test releases the call, however fast or slow the machine. The third calls {@code
   * shop}, which answers at once: its result commits with the two steps before it, which only
   * compute and would otherwise wait for the gate's commit.
   */
  static String gated(String name, String namespace, String shop, String gate) {
    return fiveSteps(
        name,
        namespace,
        "gated",
        "{name: label, kind: http, method: POST, url: '%s', body: 'input.item + \"/\" + steps.pick.output'}"
            .formatted(shop),
        "{name: gate, kind: http, method: GET, url: '%s', timeout: 10m}".formatted(gate));
  }

  /** Two steps, {@code third}, {@code fourth}, then a last one. */
  private static String fiveSteps(
      String name, String namespace, String type, String third, String fourth) {
    return header("Workflow", name, namespace)
        + """
        spec:
          type: %s
          seed: 7
          input: {item: sku-9, qty: 2}
          steps:
            - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
            - {name: pick, kind: random, choice: [red, green, blue]}
            - %s
            - %s
            - {name: receipt, kind: transform, expr: '{"label": steps.label.output}'}
        """
            .formatted(type, third, fourth);
  }

  /** Two steps, the second reading the wall clock: each replay hashes differently. */
  static String drifting(String name, String namespace) {
    return header("Workflow", name, namespace)
        + """
        spec:
          type: drifting
          seed: 3
          replicas: 0
          steps:
            - {name: pick, kind: random, choice: [a, b]}
            - {name: clock, kind: wallclock}
        """;
  }

  /** A ShadowRun replaying seeds 0..5 twice each on {@code workers} pods, across workers. */
  static String shadowRun(String name, String namespace, String workflow, int workers) {
    return oneCycle(name, namespace, workflow, workers);
  }

  /** The same, cycle after cycle for ten minutes: a ShadowRun that is busy whenever one looks. */
  static String continuousShadowRun(String name, String namespace, String workflow, int workers) {
    return oneCycle(name, namespace, workflow, workers) + "  duration: 10m\n  interval: 1s\n";
  }

  private static String oneCycle(String name, String namespace, String workflow, int workers) {
    return header("ShadowRun", name, namespace)
        + """
        spec:
          workflowRef: {name: %s}
          seeds: {from: 0, count: 6}
          iterations: 2
          workers: %d
          mode: crossWorker
        """
            .formatted(workflow, workers);
  }

  /** One http step calling {@code url}. */
  static String calling(String name, String namespace, String url) {
    return header("Workflow", name, namespace)
        + """
        spec:
          type: calling
          seed: 7
          steps:
            - {name: call, kind: http, url: '%s'}
        """
            .formatted(url);
  }

  private static String header(String kind, String name, String namespace) {
    return """
        apiVersion: shadowflow.io/v1alpha1
        kind: %s
        metadata:
          name: %s
          namespace: %s
        """
        .formatted(kind, name, namespace);
  }
}
