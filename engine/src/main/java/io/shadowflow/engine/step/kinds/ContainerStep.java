package io.shadowflow.engine.step.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.ContainerEnvSpec;
import io.shadowflow.api.ContainerResourcesSpec;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.api.StepSpec;
import io.shadowflow.engine.container.ContainerEnv;
import io.shadowflow.engine.container.ContainerRequest;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.ExpressionFields;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepResult;
import io.shadowflow.engine.secret.SecretKeyRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code container}: the user's own program, run as a pod (or, locally, as a process). It reads the
 * step's input from a file and writes its output, one JSON document, to another. The output is the
 * step's recorded external result: a resumed run never runs a committed container again, and a
 * replay runs none.
 */
public final class ContainerStep implements StepKind {
  /** Timeout of one attempt when the step sets none: a container may pull an image first. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private static final Pattern IMAGE = Pattern.compile(ManifestLimits.IMAGE_PATTERN);
  private static final Pattern ENV_NAME = Pattern.compile(ContainerEnvSpec.NAME_PATTERN);
  private static final List<String> RESOURCES = List.of("cpu", "ephemeral-storage", "memory");
  private static final Pattern QUANTITY =
      Pattern.compile("^[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$");

  @Override
  public String name() {
    return "container";
  }

  @Override
  public Set<String> fields() {
    return Set.of("image", "command", "args", "env", "resources", "input");
  }

  @Override
  public int defaultCost() {
    return 5;
  }

  @Override
  public Duration defaultTimeout(StepSpec spec) {
    return DEFAULT_TIMEOUT;
  }

  @Override
  public Step compile(StepSpec spec, String path, Problems problems) {
    int before = problems.list().size();
    if (spec.image == null || !IMAGE.matcher(spec.image).matches()) {
      problems.add(path + ".image", "required: an image reference, e.g. ghcr.io/acme/resize:1.4");
    }
    List<String> command = strings(spec.command, path + ".command", problems);
    List<String> args = strings(spec.args, path + ".args", problems);
    List<ContainerEnv> env = environment(spec.env, path + ".env", problems);
    Map<String, String> requests = resources(spec.resources, true, path, problems);
    Map<String, String> limits = resources(spec.resources, false, path, problems);
    Expression input =
        ExpressionFields.compile(
            spec.input == null ? "input" : spec.input, path + ".input", true, problems);
    Duration timeout =
        spec.timeout == null
            ? DEFAULT_TIMEOUT
            : Durations.parsePositive(spec.timeout, path + ".timeout", problems);
    if (problems.list().size() > before) {
      return null;
    }
    String image = spec.image;
    return context -> {
      JsonNode inputValue = TransformStep.evaluate(input, context.variables(), path + ".input");
      int inputBytes = Json.write(inputValue).getBytes(StandardCharsets.UTF_8).length;
      if (inputBytes > ContainerRequest.MAX_INPUT_BYTES) {
        throw new WorkflowFailure(
            FailureCode.CONTAINER_INPUT_TOO_LARGE,
            path + ": the input is " + inputBytes + " bytes of JSON");
      }
      ContainerRequest request =
          new ContainerRequest(
              context.runId(),
              context.path(),
              path,
              context.attempt(),
              image,
              command,
              args,
              env,
              requests,
              limits,
              inputValue,
              timeout.toSeconds());
      JsonNode output =
          context.external("output", () -> context.containers().run(request, context.secrets()));
      return new StepResult(recordedInput(request), output);
    };
  }

  /** What the run records of a request: everything but secret values, which it never sees. */
  private static ObjectNode recordedInput(ContainerRequest request) {
    ObjectNode input = Json.object().put("image", request.image());
    input.set("command", Json.MAPPER.valueToTree(request.command()));
    input.set("args", Json.MAPPER.valueToTree(request.args()));
    ArrayNode env = input.putArray("env");
    for (ContainerEnv variable : request.env()) {
      ObjectNode entry = env.addObject().put("name", variable.name());
      if (variable.secret() == null) {
        entry.put("value", variable.value());
      } else {
        entry.put("secret", variable.secret().toString());
      }
    }
    input.set("input", request.input());
    return input;
  }

  private static List<String> strings(List<String> values, String path, Problems problems) {
    if (values == null) {
      return List.of();
    }
    if (values.size() > ManifestLimits.LIST_ITEMS) {
      problems.add(path, "at most " + ManifestLimits.LIST_ITEMS + " items, got " + values.size());
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        problems.add(path + "[" + i + "]", "required: a string");
      }
    }
    return values.contains(null) ? List.of() : List.copyOf(values);
  }

  private static List<ContainerEnv> environment(
      List<ContainerEnvSpec> specs, String path, Problems problems) {
    if (specs == null) {
      return List.of();
    }
    List<ContainerEnv> env = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      ContainerEnvSpec spec = specs.get(i);
      String at = path + "[" + i + "]";
      if (spec == null || spec.name == null || !ENV_NAME.matcher(spec.name).matches()) {
        problems.add(at + ".name", "required: letters, digits, '_', '-' or '.', not first a digit");
        continue;
      }
      if (!names.add(spec.name)) {
        problems.add(at + ".name", spec.name + " is given twice");
      }
      if ((spec.value == null) == (spec.valueFrom == null)) {
        problems.add(at, "give either value or valueFrom.secretKeyRef");
      } else if (spec.value != null) {
        env.add(new ContainerEnv(spec.name, spec.value, null));
      } else {
        SecretKeyRef ref = SecretKeyRef.compile(spec.valueFrom, at + ".valueFrom", problems);
        env.add(new ContainerEnv(spec.name, null, ref));
      }
    }
    return List.copyOf(env);
  }

  private static Map<String, String> resources(
      ContainerResourcesSpec spec, boolean requests, String path, Problems problems) {
    Map<String, String> values = spec == null ? null : requests ? spec.requests : spec.limits;
    if (values == null) {
      return Map.of();
    }
    String at = path + ".resources." + (requests ? "requests" : "limits");
    values.forEach(
        (name, quantity) -> {
          if (!RESOURCES.contains(name)) {
            problems.add(at + "." + name, "not one of " + RESOURCES);
          } else if (quantity == null || !QUANTITY.matcher(quantity).matches()) {
            problems.add(
                at + "." + name, "'" + quantity + "' is not a quantity, e.g. 500m or 256Mi");
          }
        });
    return Map.copyOf(new TreeMap<>(values));
  }
}
