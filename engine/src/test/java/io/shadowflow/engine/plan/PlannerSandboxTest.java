package io.shadowflow.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.engine.checkpoint.InMemoryCheckpointStore;
import io.shadowflow.engine.checkpoint.RunState;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.checkpoint.StepRecord;
import io.shadowflow.engine.exec.ExecutionListener;
import io.shadowflow.engine.exec.RunResult;
import io.shadowflow.engine.hash.Hashes;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.CompiledWorkflow;
import io.shadowflow.engine.testing.FailureRows;
import io.shadowflow.engine.testing.FakeTime;
import io.shadowflow.engine.testing.Kill;
import io.shadowflow.engine.testing.LocalHttpServer;
import io.shadowflow.engine.testing.PostgresStore;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlannerSandboxTest {
  @RegisterExtension final PostgresStore postgres = new PostgresStore();
  @RegisterExtension final LocalHttpServer planner = LocalHttpServer.start();

  // ---- building manifests as JSON trees: hostile plans are easier built than written ----

  private static ObjectNode step(String name, String kind) {
    return Json.object().put("name", name).put("kind", kind);
  }

  private static ObjectNode transform(String name, String expr) {
    return step(name, "transform").put("expr", expr);
  }

  private static ObjectNode staticPlan(String name, ArrayNode steps) {
    ObjectNode plan = step(name, "plan");
    plan.putObject("planner").put("type", "static").set("steps", steps);
    return plan;
  }

  /** A static plan whose planned steps may make http calls. */
  private static ObjectNode httpAllowedPlan(String name, ArrayNode steps) {
    ObjectNode plan = staticPlan(name, steps);
    ((ObjectNode) plan.get("planner")).put("allowHttp", true);
    return plan;
  }

  private static ArrayNode steps(ObjectNode... steps) {
    ArrayNode list = Json.NODES.arrayNode();
    for (ObjectNode step : steps) {
      list.add(step);
    }
    return list;
  }

  private static CompiledWorkflow workflow(Consumer<ObjectNode> policy, ObjectNode... steps) {
    ObjectNode manifest =
        Json.object().put("apiVersion", "shadowflow.io/v1alpha1").put("kind", "Workflow");
    manifest.putObject("metadata").put("name", "agent");
    ObjectNode spec = manifest.putObject("spec").put("type", "agent").put("seed", 7);
    spec.putObject("input").put("item", "sku-7");
    policy.accept(spec.putObject("policy"));
    spec.set("steps", steps(steps));
    return new WorkflowCompiler().compile(manifest);
  }

  private static CompiledWorkflow workflow(ObjectNode... steps) {
    return workflow(policy -> {}, steps);
  }

  private RunResult run(CompiledWorkflow workflow) throws InterruptedException {
    return new FakeTime().executor(postgres.store()).run(workflow, ExecutionListener.NONE);
  }

  /** A rejected plan fails the run at the plan step, and nothing of the plan ran or was kept. */
  private RunResult rejected(CompiledWorkflow workflow, String code, String... messageParts)
      throws Exception {
    long started = System.nanoTime();
    RunResult result = run(workflow);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.errorCode()).isEqualTo(code);
    assertThat(result.failedStep()).isEqualTo("steps/1");
    assertThat(result.errorMessage()).startsWith("steps/1 (plan):").contains(messageParts);
    RunState state = postgres.store().readRun(result.runId());
    assertThat(state.steps()).extracting(StepRecord::path).containsExactly("steps/0");
    assertThat(FailureRows.of(postgres.database(), result.runId()))
        .containsExactly("steps/1#1 " + code + " VALIDATION");
    return result;
  }

  private static final ObjectNode FIRST = transform("first", "input.item");

  // ---- accepted plans ----

  @Test
  void plannedStepsRunUnderThePlanStepsPathAndLaterStepsReadThem() throws Exception {
    CompiledWorkflow workflow =
        workflow(
            FIRST,
            staticPlan(
                "plan",
                steps(
                    transform("double", "steps.first.output + steps.first.output"),
                    step("roll", "random").put("min", 1).put("max", 6))),
            transform("last", "steps.double.output + '/' + string(steps.roll.output)"));
    RunResult result = run(workflow);

    assertThat(result.success()).isTrue();
    assertThat(result.stepHashes())
        .containsOnlyKeys("steps/0", "steps/1", "steps/1/steps/0", "steps/1/steps/1", "steps/2");
    RunState state = postgres.store().readRun(result.runId());
    assertThat(state.steps())
        .extracting(StepRecord::path)
        .containsExactly("steps/0", "steps/1", "steps/1/steps/0", "steps/1/steps/1", "steps/2");
    assertThat(state.steps().get(1).output().path("steps")).hasSize(2);
    assertThat(state.steps().get(4).output().asText()).startsWith("sku-7sku-7/");
    assertThat(result.workflowHash())
        .isEqualTo(
            new FakeTime()
                .executor(new InMemoryCheckpointStore())
                .run(workflow, ExecutionListener.NONE)
                .workflowHash());
  }

  @Test
  void aRunThatEndsWithAPlanEndsWithItsLastPlannedStep() throws Exception {
    CompiledWorkflow workflow =
        workflow(FIRST, staticPlan("plan", steps(transform("a", "1"), transform("b", "2"))));
    RunResult result = run(workflow);

    // The end commits with steps/1/steps/1, so its hash covers every planned step.
    assertThat(result.workflowHash())
        .isEqualTo(
            Hashes.workflowHash(result.runId(), "agent", 7, result.stepHashes(), true, null));
    assertThat(result.stepHashes()).hasSize(4);
    RunState state = postgres.store().readRun(result.runId());
    assertThat(state.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(state.outcome().workflowHash()).isEqualTo(result.workflowHash());
  }

  @Test
  void anHttpPlanIsAskedForOnceAndNeverAgainOnResume() throws Exception {
    planner.answerBody(
        """
        {"steps": [
          {"name": "price", "kind": "transform", "expr": "input.item + '!'"},
          {"name": "nap", "kind": "sleep", "duration": "1s"},
          {"name": "after", "kind": "transform", "expr": "steps.price.output"}
        ]}""");
    ObjectNode plan = step("plan", "plan");
    plan.putObject("planner").put("type", "http").put("url", planner.url("/plan"));
    CompiledWorkflow workflow = workflow(FIRST, plan);

    // The first process dies while a planned step sleeps: the plan is already committed.
    FakeTime time = new FakeTime();
    assertThatThrownBy(
            () -> Kill.onFirstWait(postgres.store(), time).run(workflow, ExecutionListener.NONE))
        .isInstanceOf(Kill.Killed.class);
    assertThat(planner.requests()).hasSize(1);
    assertThat(planner.requests().get(0).body()).isEqualTo("{\"input\":{\"item\":\"sku-7\"}}");

    RunResult resumed = time.executor(postgres.store()).run(workflow, ExecutionListener.NONE);
    assertThat(resumed.success()).isTrue();
    // The plan and the step before it; the planned price only computes: it was held, and is
    // computed again.
    assertThat(resumed.restoredSteps()).isEqualTo(2);
    assertThat(planner.requests()).as("the planner is never asked again").hasSize(1);
    assertThat(time.executor(postgres.store()).run(workflow, ExecutionListener.NONE).workflowHash())
        .isEqualTo(resumed.workflowHash());
    assertThat(planner.requests()).hasSize(1);
  }

  // ---- hostile plans ----

  @Test
  void aPlanWithADeniedKindIsRejectedNamingTheStepAndField() throws Exception {
    ObjectNode call = step("exfiltrate", "http").put("url", "http://127.0.0.1:9/steal");
    rejected(
        workflow(
            policy -> policy.putArray("deniedKinds").add("http"),
            FIRST,
            httpAllowedPlan("plan", steps(transform("ok", "1"), call))),
        "PLAN_KIND_DENIED",
        "plan steps[1].kind",
        "policy deniedKinds forbids kind http");
  }

  @Test
  void plannedHttpCallsAreRejectedUnlessTheManifestAllowsThem() throws Exception {
    ObjectNode call = step("call", "http").put("url", planner.url("/x"));
    rejected(
        workflow(FIRST, staticPlan("plan", steps(transform("ok", "1"), call))),
        "PLAN_KIND_DENIED",
        "plan steps[1].kind",
        "set planner.allowHttp: true");
    ObjectNode nested = step("ask", "plan");
    nested.putObject("planner").put("type", "http").put("url", planner.url("/plan"));
    rejected(
        workflow(FIRST, staticPlan("plan", steps(nested))),
        "PLAN_KIND_DENIED",
        "plan steps[0].planner.type");
    assertThat(planner.requests()).as("nothing was called").isEmpty();

    RunResult allowed = run(workflow(FIRST, httpAllowedPlan("plan", steps(call))));
    assertThat(allowed.success()).isTrue();
    assertThat(planner.requests()).hasSize(1);
  }

  @Test
  void plannedBranchesAndLoopsRunAndTheSandboxChecksWhatTheyHold() throws Exception {
    ObjectNode both = step("both", "parallel");
    ArrayNode branches = both.putArray("branches");
    branches.addObject().put("name", "a").set("steps", steps(transform("x", "1")));
    branches.addObject().put("name", "b").set("steps", steps(transform("x", "2")));
    ObjectNode each = step("each", "forEach").put("items", "[1, 2]");
    each.set("steps", steps(transform("y", "item * 10")));

    RunResult ran = run(workflow(FIRST, staticPlan("plan", steps(both, each))));

    assertThat(ran.success()).as(ran.errorMessage()).isTrue();
    assertThat(ran.stepHashes())
        .containsKeys("steps/1/steps/0/branches/b/steps/0", "steps/1/steps/1/items/1/steps/0");

    ObjectNode hiding = step("hiding", "parallel");
    hiding
        .putArray("branches")
        .addObject()
        .put("name", "a")
        .set("steps", steps(step("call", "http").put("url", planner.url("/x"))));
    rejected(
        workflow(FIRST, staticPlan("plan", steps(hiding))),
        "PLAN_KIND_DENIED",
        "plan steps[0].branches[0].steps[0].kind");
    assertThat(planner.requests()).as("nothing was called").isEmpty();
  }

  @Test
  void aPlanOfAThousandStepsIsRejectedBeforeAnyIsCompiled() throws Exception {
    // A thousand is what the CRD lets a static plan list; more never get past validation.
    ArrayNode many = Json.NODES.arrayNode();
    for (int i = 0; i < 1_000; i++) {
      many.add(transform("s" + i, "1"));
    }
    rejected(
        workflow(FIRST, staticPlan("plan", many)),
        "PLAN_TOO_MANY_STEPS",
        "the plan has 1000 steps, the limit is 100");
  }

  @Test
  void aPlanThatWouldBreakThePolicysStepCountOrBudgetIsRejected() throws Exception {
    rejected(
        workflow(
            policy -> policy.put("maxSteps", 3),
            FIRST,
            staticPlan("plan", steps(transform("a", "1"), transform("b", "2")))),
        "PLAN_TOO_MANY_STEPS",
        "plan steps[1]",
        "maxSteps allows 3");
    ObjectNode call = step("call", "http").put("url", planner.url("/x"));
    rejected(
        workflow(
            policy -> policy.put("budget", 8),
            FIRST,
            httpAllowedPlan("plan", steps(call.deepCopy(), call.deepCopy().put("name", "call2")))),
        "PLAN_OVER_BUDGET",
        "plan steps[1].cost",
        "budget is 8, 7 is spent and the step costs 5");
  }

  @Test
  void hugePayloadsAreRejectedByFieldAndByPlanSize() throws Exception {
    ObjectNode bloated = step("bloat", "fail").put("message", "x".repeat(1_000_000));
    rejected(
        workflow(FIRST, staticPlan("plan", steps(bloated))),
        "PLAN_PAYLOAD_TOO_LARGE",
        "steps[0].message has 1000000 characters, the limit is 4096");
    ArrayNode wide = Json.NODES.arrayNode();
    for (int i = 0; i < 100; i++) {
      wide.add(step("s" + i, "fail").put("message", "y".repeat(4000)));
    }
    rejected(
        workflow(FIRST, staticPlan("plan", wide)),
        "PLAN_PAYLOAD_TOO_LARGE",
        "the plan has",
        "the limit is 262144");
  }

  @Test
  void expressionsBuiltToExhaustCpuAreRejectedBeforeTheyRun() throws Exception {
    String range = "[" + "1,".repeat(99) + "1]";
    String cubic = range + ".map(a, " + range + ".map(b, " + range + ".map(c, a * b * c)))";
    rejected(
        workflow(FIRST, staticPlan("plan", steps(transform("burn", cubic)))),
        "PLAN_EXPRESSION_REJECTED",
        "plan steps[0].expr");
    String wide = "[" + "1,".repeat(300) + "1]";
    rejected(
        workflow(FIRST, staticPlan("plan", steps(transform("wide", wide)))),
        "PLAN_EXPRESSION_REJECTED",
        "syntax nodes, a planned expression may have 200");
  }

  @Test
  void controlCharactersAndInjectionStringsInNamesAreRejected() throws Exception {
    String[] names = {
      "a\u0000b",
      "line\nbreak",
      "evil\u202Eexe",
      "x'; DROP TABLE step_log; --",
      "$(reboot)",
      "{{7*7}}",
      "../../etc/passwd",
      "<script>alert(1)</script>",
      "first"
    };
    ObjectNode plan = step("plan", "plan");
    plan.putObject("planner").put("type", "http").put("url", planner.url("/plan"));
    for (String name : names) {
      planner.answerBody(Json.write(Json.object().set("steps", steps(transform(name, "1")))));
      rejected(workflow(FIRST, plan), "PLAN_NAME_REJECTED", "plan steps[0].name");
    }
  }

  @Test
  void headerInjectionAndUnknownFieldsFailTheSchemaCheck() throws Exception {
    ObjectNode smuggle = step("smuggle", "http").put("url", planner.url("/x"));
    smuggle.putObject("headers").put("X-Note", "a\r\nSet-Cookie: admin=1");
    rejected(
        workflow(FIRST, httpAllowedPlan("plan", steps(smuggle))),
        "PLAN_SCHEMA_INVALID",
        "steps[0].headers.X-Note",
        "U+000D");
    // A static plan with this step fails validation; a planner service's answer reaches here.
    ObjectNode asked = step("plan", "plan");
    asked.putObject("planner").put("type", "http").put("url", planner.url("/plan"));
    planner.answerBody(
        Json.write(
            Json.object().set("steps", steps(transform("t", "1").put("shell", "rm -rf /")))));
    rejected(workflow(FIRST, asked), "PLAN_SCHEMA_INVALID", "steps[0].shell: unknown field");
    rejected(
        workflow(
            FIRST,
            httpAllowedPlan(
                "plan", steps(step("cheap", "http").put("url", planner.url("/x")).put("cost", 0)))),
        "PLAN_SCHEMA_INVALID",
        "cannot make a step cheaper");
  }

  @Test
  void plansNestOnlyAsDeepAsTheManifestAllows() throws Exception {
    ObjectNode innermost = staticPlan("inner2", steps(transform("deep", "1")));
    ObjectNode inner = staticPlan("inner", steps(innermost));
    RunResult result = run(workflow(FIRST, staticPlan("plan", steps(inner))));
    assertThat(result.errorCode()).isEqualTo("PLAN_TOO_DEEP");
    assertThat(result.failedStep()).isEqualTo("steps/1/steps/0");
    assertThat(result.errorMessage()).contains("would nest plans 3 deep, the limit is 2");
  }

  @Test
  void aPlannerAnswerThatIsNoPlanIsRejected() throws Exception {
    planner.answerBody("[1, 2, 3]");
    ObjectNode plan = step("plan", "plan");
    plan.putObject("planner").put("type", "http").put("url", planner.url("/plan"));
    rejected(workflow(FIRST, plan), "PLAN_MALFORMED", "got [1,2,3]");
  }
}
