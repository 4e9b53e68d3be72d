package io.shadowflow.certify;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.shadowflow.api.FaultName;
import io.shadowflow.api.ShadowRun;
import io.shadowflow.api.Workflow;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The certification's workloads: a deterministic Workflow, one step of each deterministic kind with
 * a timer in the middle, and the ShadowRuns that replay it. Their input carries the certification's
 * id: a run id follows from the definition, so a certification repeated on the same installation
 * gets runs of its own instead of finding the last one's finished.
 */
final class Workloads {
  private final KubernetesSerialization serialization;
  private final Profile profile;
  private final String certification;

  Workloads(KubernetesSerialization serialization, Profile profile, String certification) {
    this.serialization = serialization;
    this.profile = profile;
    this.certification = certification;
  }

  /** The Workflow, its timer lasting {@code sleep}. */
  Workflow workflow(String name, Duration sleep) {
    return resource(
        Workflow.class,
        name,
        """
        type: certification
        seed: 42
        input: {item: sku-7, qty: 3, certification: '%s'}
        policy: {maxSteps: 20, budget: 100, timeout: 10m}
        steps:
          - {name: price, kind: transform, expr: '{"price": input.qty * 3}'}
          - {name: pick, kind: random, choice: [red, green, blue]}
          - {name: label, kind: transform, expr: 'input.item + "/" + steps.pick.output'}
          - {name: cool_down, kind: sleep, duration: %ds}
          - {name: receipt, kind: transform, expr: '{"label": steps.label.output}'}
        """
            .formatted(certification, sleep.toSeconds()));
  }

  /**
   * A deliberately non-deterministic Workflow: its step reads {@code url}, whose answers differ. It
   * never runs itself (replicas 0); ShadowRuns replay it.
   */
  Workflow drifting(String name, String url) {
    return resource(
        Workflow.class,
        name,
        """
        type: certification-drift
        seed: 7
        replicas: 0
        input: {certification: '%s'}
        steps:
          - {name: pick, kind: random, choice: [a, b]}
          - {name: drift, kind: http, method: GET, url: '%s'}
        """
            .formatted(certification, url));
  }

  /** One cycle over the profile's seeds and iterations on its workers; {@code more} adds fields. */
  ShadowRun shadowRun(String name, String workflow, String mode, String more) {
    return resource(
        ShadowRun.class,
        name,
        """
        workflowRef: {name: %s}
        seeds: {from: 0, count: %d}
        iterations: %d
        workers: %d
        mode: %s
        %s
        """
            .formatted(
                workflow, profile.seeds(), profile.iterations(), profile.workers(), mode, more));
  }

  private <T> T resource(Class<T> type, String name, String spec) {
    return serialization.unmarshal(
        "apiVersion: shadowflow.io/v1alpha1\nkind: %s\nmetadata:\n  name: %s\nspec:\n%s"
            .formatted(type.getSimpleName(), name, spec.indent(2)),
        type);
  }

  /** The spec lines that inject every fault type. */
  static String everyFault() {
    return "faults: {probability: 0.3, types: ["
        + Arrays.stream(FaultName.values()).map(Enum::name).collect(Collectors.joining(", "))
        + "]}";
  }
}
