package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.ApiGroup;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.api.StepSpec;
import io.shadowflow.api.WorkflowSpec;
import io.shadowflow.engine.expr.Expression;
import io.shadowflow.engine.hash.Sha256;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.CompiledStep;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.model.Durations;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problems;
import io.shadowflow.engine.model.Step;
import io.shadowflow.engine.model.StepBlock;
import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.model.StepPath;
import io.shadowflow.engine.model.Values;
import io.shadowflow.engine.step.StepKinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Turns a Workflow manifest (the very YAML a user would {@code kubectl apply}) into a {@link
 * CompiledWorkflow}, or rejects it with one problem per wrong field before anything runs.
 */
public final class WorkflowCompiler {
  /** Largest seed JSON numbers carry exactly (2^53); seeds enter the workflow hash. */
  public static final long MAX_SEED = 1L << 53;

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");
  private static final Set<String> ON_ERROR = Set.of("fail", "continue");
  private static final Set<String> COMMON_STEP_FIELDS =
      Set.of("name", "kind", "when", "onError", "cost", "timeout", "retry");

  private final StepKinds kinds;

  public WorkflowCompiler(StepKinds kinds) {
    this.kinds = kinds;
  }

  public WorkflowCompiler() {
    this(StepKinds.installed());
  }

  /** Reads {@code file} and compiles its Workflow; {@code name}, when given, must be its name. */
  public CompiledWorkflow compileFile(Path file, String name) {
    ManifestDocument document = ManifestReader.read(file);
    JsonNode manifest = document.tree();
    String actual = manifest.path("metadata").path("name").asText();
    if (name != null && !name.equals(actual)) {
      Problems problems = new Problems();
      problems.add(
          "metadata.name", "the file holds Workflow " + Values.quote(actual) + ", not " + name);
      problems.throwIfAny();
    }
    try {
      return compile(manifest);
    } catch (InvalidManifestException e) {
      throw document.located(e);
    }
  }

  /** Compiles one manifest document. */
  public CompiledWorkflow compile(JsonNode manifest) {
    Problems problems = new Problems();
    if (!manifest.isObject()) {
      problems.add("(manifest)", "expected a YAML object with apiVersion, kind, metadata and spec");
      problems.throwIfAny();
    }
    checkHeader(manifest, problems);
    NulCharacters.check(manifest, "", problems);
    JsonNode specNode = manifest.path("spec");
    if (!specNode.isObject()) {
      problems.add("spec", "required: an object with type, seed, input and steps");
      problems.throwIfAny();
    }
    // A null kind or error name would reach the lookups below: stop at the nulls.
    if (NullEntries.check(specNode, "spec", problems)) {
      problems.throwIfAny();
    }
    CrdSchema.WORKFLOW_SPEC.check(specNode, "spec", problems);
    ObjectNode specWithoutSteps = ((ObjectNode) specNode).deepCopy();
    JsonNode stepNodes = specWithoutSteps.remove("steps");
    JsonNode cleanupNodes = specWithoutSteps.remove("finally");
    WorkflowSpec spec = SpecBinder.bind(specWithoutSteps, WorkflowSpec.class, "spec", problems);
    List<CompiledStep> steps = compileSteps(stepNodes, problems);
    List<CompiledStep> cleanup = compileCleanup(cleanupNodes, problems);
    if (spec != null) {
      checkSpec(spec, stepNodes == null ? 0 : stepNodes.size(), problems);
    }
    StepOrder.check(stepNodes, cleanupNodes, problems);
    problems.throwIfAny();

    spec.steps = steps.stream().map(CompiledStep::spec).toList();
    spec.finallySteps =
        cleanup.isEmpty() ? null : cleanup.stream().map(CompiledStep::spec).toList();
    ObjectNode definition = definitionOf(spec);
    JsonNode metadata = manifest.path("metadata");
    return new CompiledWorkflow(
        metadata.path("namespace").isTextual() ? metadata.get("namespace").textValue() : "default",
        metadata.path("name").asText(),
        spec.type,
        spec.seed == null ? 0 : spec.seed,
        spec.input == null ? Json.object() : spec.input,
        List.copyOf(steps),
        List.copyOf(cleanup),
        spec,
        definition,
        Sha256.hex(CanonicalJson.of(definition)));
  }

  private static void checkHeader(JsonNode manifest, Problems problems) {
    String apiVersion = manifest.path("apiVersion").asText(null);
    if (!ApiGroup.API_VERSION.equals(apiVersion)) {
      problems.add("apiVersion", "expected " + ApiGroup.API_VERSION + ", got " + apiVersion);
    }
    String kind = manifest.path("kind").asText(null);
    if (!"Workflow".equals(kind)) {
      problems.add("kind", "expected Workflow, got " + kind);
    }
    JsonNode metadata = manifest.path("metadata");
    JsonNode name = metadata.path("name");
    if (!name.isTextual() || !DNS_LABEL.matcher(name.textValue()).matches()) {
      problems.add(
          "metadata.name",
          "required: a string of lowercase letters, digits and '-', at most 63 characters, got "
              + Values.quote(name.isMissingNode() ? null : name.toString()));
    }
    JsonNode namespace = metadata.path("namespace");
    if (!namespace.isMissingNode()
        && !namespace.isNull()
        && !(namespace.isTextual() && DNS_LABEL.matcher(namespace.textValue()).matches())) {
      problems.add(
          "metadata.namespace",
          "a string of lowercase letters, digits and '-', at most 63 characters, got "
              + Values.quote(namespace.toString()));
    }
  }

  private void checkSpec(WorkflowSpec spec, int stepCount, Problems problems) {
    if (spec.type == null || spec.type.isBlank()) {
      problems.add("spec.type", "required: the workflow type, e.g. order-pipeline");
    }
    if (spec.seed != null && Math.abs(spec.seed) > MAX_SEED) {
      problems.add(
          "spec.seed",
          "must be between -2^53 and 2^53 so JSON carries it exactly, got " + spec.seed);
    }
    if (spec.replicas != null && spec.replicas != 0 && spec.replicas != 1) {
      problems.add("spec.replicas", "must be 0 (suspended) or 1 (running), got " + spec.replicas);
    }
    SpecRules.checkPolicy(spec.policy, kinds, problems);
    if (spec.policy != null && spec.policy.maxSteps != null && stepCount > spec.policy.maxSteps) {
      problems.add(
          "spec.policy.maxSteps",
          "allows "
              + spec.policy.maxSteps
              + " steps, but spec.steps lists "
              + stepCount
              + " (the CRD refuses this too)");
    }
    SpecRules.checkRetry(spec.retry, "spec.retry", problems);
    SpecRules.checkGolden(spec.golden, problems);
  }

  private List<CompiledStep> compileSteps(JsonNode stepNodes, Problems problems) {
    if (stepNodes == null || !stepNodes.isArray() || stepNodes.isEmpty()) {
      problems.add("spec.steps", "required: a list of at least one step");
      return List.of();
    }
    return compileList(stepNodes, "spec.steps", StepPath::top, problems);
  }

  /** The {@code finally} steps: they read the run's outcome as {@code run}. */
  private List<CompiledStep> compileCleanup(JsonNode nodes, Problems problems) {
    if (nodes == null || nodes.isNull()) {
      return List.of();
    }
    if (!nodes.isArray()) {
      problems.add("spec.finally", "expected a list of steps");
      return List.of();
    }
    List<CompiledStep> cleanup = new ArrayList<>();
    problems.withVariables(
        Set.of("run"),
        () -> cleanup.addAll(compileList(nodes, "spec.finally", StepPath::cleanup, problems)));
    return cleanup;
  }

  /**
   * Compiles one list of steps: the manifest's, a branch's, a loop body's.
   *
   * @param listPath the list's field path, e.g. {@code spec.steps[0].branches[1].steps}
   * @param pathOf the path of the list's step at an index
   */
  private List<CompiledStep> compileList(
      JsonNode stepNodes, String listPath, IntFunction<String> pathOf, Problems problems) {
    if (stepNodes.size() > ManifestLimits.STEPS) {
      problems.add(
          listPath,
          "lists "
              + stepNodes.size()
              + " steps; a list of steps may hold at most "
              + ManifestLimits.STEPS);
      return List.of();
    }
    List<CompiledStep> steps = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < stepNodes.size(); i++) {
      String path = listPath + "[" + i + "]";
      JsonNode node = stepNodes.get(i);
      if (node == null || !node.isObject()) {
        problems.add(path, "expected a step object");
        continue;
      }
      StepSpec spec = SpecBinder.bind(node, StepSpec.class, path, problems);
      if (spec == null) {
        continue;
      }
      checkName(spec.name, path, listPath, seen, i, problems);
      CompiledStep step = compileStep(node, spec, path, pathOf.apply(i), problems);
      if (step != null) {
        steps.add(step);
      }
    }
    return steps;
  }

  private static void checkName(
      String name,
      String path,
      String listPath,
      Map<String, Integer> seen,
      int index,
      Problems problems) {
    if (!isStepName(name)) {
      problems.add(
          path + ".name",
          "required: a letter or '_', then letters, digits, '_' or '-', at most 63 characters, got "
              + name);
      return;
    }
    Integer earlier = seen.putIfAbsent(name, index);
    if (earlier != null) {
      problems.add(
          path + ".name",
          "'"
              + name
              + "' is already the name of "
              + listPath
              + "["
              + earlier
              + "]; step names must be unique");
    }
  }

  /**
   * Compiles one step that is not in the manifest (a planned step), at {@code stepPath}; its
   * problems are reported at {@code fieldPath}. Names are the caller's to check.
   */
  public CompiledStep compileStep(
      JsonNode node, String fieldPath, String stepPath, Problems problems) {
    StepSpec spec = SpecBinder.bind(node, StepSpec.class, fieldPath, problems);
    if (spec != null
        && (spec.secrets != null || (spec.planner != null && spec.planner.secrets != null))) {
      // A planner's answer is untrusted: it must not choose which Secret goes to which host.
      problems.add(
          fieldPath + ".secrets",
          "a planned step cannot reference secrets; give them to a step of the manifest");
      return null;
    }
    return spec == null ? null : compileStep(node, spec, fieldPath, stepPath, problems);
  }

  /** Whether {@code name} is a valid step name. */
  public static boolean isStepName(String name) {
    return name != null && STEP_NAME.matcher(name).matches();
  }

  private CompiledStep compileStep(
      JsonNode node, StepSpec spec, String path, String stepPath, Problems problems) {
    if (spec.kind == null) {
      problems.add(path + ".kind", "required: one of " + kinds.names());
      return null;
    }
    StepKind kind = kinds.find(spec.kind).orElse(null);
    if (kind == null) {
      problems.add(
          path + ".kind", "unknown step kind '" + spec.kind + "'; known kinds: " + kinds.names());
      return null;
    }
    for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!COMMON_STEP_FIELDS.contains(field) && !kind.fields().contains(field)) {
        problems.add(
            path + "." + field,
            "not a field of a " + kind.name() + " step; its fields are " + kind.fields());
      }
    }
    SpecRules.atLeast(spec.cost, 0, path + ".cost", problems);
    Durations.parsePositive(spec.timeout, path + ".timeout", problems);
    SpecRules.checkRetriers(spec.retry, path + ".retry", problems);
    Expression when = ExpressionFields.compile(spec.when, path + ".when", false, problems);
    if (spec.onError != null && !ON_ERROR.contains(spec.onError)) {
      problems.add(
          path + ".onError",
          "must be fail (the run fails; the default) or continue (the failure becomes the step's"
              + " output), got "
              + Values.quote(spec.onError));
    }
    Step step = kind.compile(spec, path, problems);
    checkStaticPlan(spec, path, stepPath, problems);
    if (step == null) {
      return null;
    }
    List<StepBlock> blocks = compileBlocks(kind, spec, path, stepPath, problems);
    return blocks == null
        ? null
        : new CompiledStep(stepPath, spec.name, kind, step, spec, when, blocks);
  }

  /** The child steps the step holds, or null when it is nested deeper than the limit. */
  private List<StepBlock> compileBlocks(
      StepKind kind, StepSpec spec, String path, String stepPath, Problems problems) {
    List<StepKind.ChildList> lists = kind.childLists(spec, stepPath);
    if (!lists.isEmpty() && StepPath.nesting(stepPath) >= ManifestLimits.NESTING) {
      problems.add(
          path + ".kind",
          "a "
              + kind.name()
              + " step nested "
              + (StepPath.nesting(stepPath) + 1)
              + " deep; parallel and forEach steps nest at most "
              + ManifestLimits.NESTING
              + " deep");
      return null;
    }
    List<StepBlock> blocks = new ArrayList<>();
    for (StepKind.ChildList list : lists) {
      problems.withVariables(
          list.variables(),
          () ->
              blocks.add(
                  new StepBlock(
                      list.key(),
                      list.start(),
                      compileList(
                          Json.MAPPER.valueToTree(list.steps()),
                          path + "." + list.field(),
                          i -> StepPath.child(list.start(), i),
                          problems))));
    }
    return blocks;
  }

  /**
   * Compiles a static planner's steps as the planner sandbox will at run time, so a bad kind, name
   * or expression in them fails validation instead of the run.
   */
  private void checkStaticPlan(StepSpec spec, String path, String stepPath, Problems problems) {
    if (spec.planner == null || !"static".equals(spec.planner.type) || spec.planner.steps == null) {
      return;
    }
    String listPath = path + ".planner.steps";
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < spec.planner.steps.size(); j++) {
      JsonNode node = spec.planner.steps.get(j);
      String fieldPath = listPath + "[" + j + "]";
      if (node == null || !node.isObject()) {
        problems.add(fieldPath, "expected a step object");
        continue;
      }
      checkName(node.path("name").asText(null), fieldPath, listPath, seen, j, problems);
      compileStep(node, fieldPath, stepPath + "/" + j, problems);
    }
  }

  /**
   * What identifies the workflow's behaviour: the spec without seed, replicas, golden and onEdit.
   */
  private static ObjectNode definitionOf(WorkflowSpec spec) {
    ObjectNode definition = Json.MAPPER.valueToTree(spec);
    definition.remove(List.of("seed", "replicas", "golden", "onEdit"));
    return definition;
  }
}
