package io.shadowflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.testing.Manifests;
import io.shadowflow.testkit.ImageCommands;
import io.shadowflow.testkit.LocalPodRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local "kubelet": Jobs applied with kubectl run as real processes, and report back. */
class LocalPodRunnerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SHELL = "e2e/shell:1";

  @RegisterExtension static final ControlPlane PLANE = ControlPlane.plain();
  private static Kubectl kubectl;
  private static KubernetesClient client;
  private static LocalPodRunner runner;

  @BeforeAll
  static void startRunner() {
    kubectl = PLANE.kubectl();
    client = PLANE.client();
    runner =
        LocalPodRunner.builder(client)
            .jobSelector(Map.of("app", "runner-test"))
            .images(
                new ImageCommands()
                    .map("e2e/shell:*", "bash", "-c")
                    .map("shadowflow/engine:*", engineCommand()))
            .logDirectory(PLANE.workDir().resolve("pods"))
            .maxGracePeriod(Duration.ofSeconds(2))
            .backoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .start();
    PLANE.api().podLogs(runner);
  }

  @AfterAll
  static void stopRunner() {
    runner.close();
  }

  /** The engine CLI on this test's own classpath, started as the ./shadowflow launcher does. */
  private static String[] engineCommand() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new String[] {
      java,
      "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1",
      "-cp",
      System.getProperty("java.class.path"),
      Main.class.getName()
    };
  }

  private static String job(String name, String spec, String image, String args) {
    return job(name, spec, image, args, "[]");
  }

  /**
   * A Job for this runner's selector, its one container running {@code args} on {@code image}.
   *
   * @param env the container's env as a YAML flow sequence
   */
  private static String job(String name, String spec, String image, String args, String env) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          labels: {app: runner-test}
        spec:
        %s
          template:
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1
              containers:
                - name: main
                  image: %s
                  args: [%s]
                  env: %s
        """
        .formatted(name, spec.indent(2).stripTrailing(), image, args, env);
  }

  private static List<Pod> pods(String job) {
    return client.pods().inNamespace("default").withLabel("job-name", job).list().getItems();
  }

  private static Map<String, String> phases(String job) {
    Map<String, String> phases = new TreeMap<>();
    pods(job)
        .forEach(
            p ->
                phases.put(
                    p.getMetadata().getName(),
                    p.getStatus() == null ? "Pending" : String.valueOf(p.getStatus().getPhase())));
    return phases;
  }

  private static String onlyPod(String job) {
    await().atMost(TIMEOUT).until(() -> pods(job).size() == 1);
    return pods(job).get(0).getMetadata().getName();
  }

  @Test
  void runsAJobToCompletionWithThePodsCommandAndEnvironment() {
    kubectl.apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: greeting}
        stringData: {word: hello}
        """);
    kubectl.apply(
        job(
            "succeeds",
            "backoffLimit: 0",
            SHELL,
            "'echo \"$(GREETING) $NAME from $HOSTNAME\"; echo to-stderr >&2'",
            "[{name: GREETING, valueFrom: {secretKeyRef: {name: greeting, key: word}}},"
                + " {name: NAME, value: world}]"));

    kubectl.awaitValue("job", "succeeds", "{.status.succeeded}", "1", TIMEOUT);

    assertThat(
            kubectl.jsonpath(
                "job", "succeeds", "{.status.conditions[?(@.type==\"Complete\")].status}"))
        .isEqualTo("True");
    String pod = onlyPod("succeeds");
    assertThat(
            kubectl.jsonpath(
                "pod",
                pod,
                "{.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}"))
        .isEqualTo("Succeeded 0");
    assertThat(
            kubectl.jsonpath(
                "pod",
                pod,
                "{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}"))
        .isEqualTo("Job/succeeds");
    assertThat(kubectl.ok("get", "job", "succeeds", "--no-headers"))
        .matches("succeeds\\s+Complete\\s+1/1\\s+\\d+s\\s+\\d+s\\n");
    assertThat(kubectl.ok("get", "pod", pod, "--no-headers"))
        .matches(pod + "\\s+0/1\\s+Completed\\s+0\\s+\\d+s\\n");
    assertThat(kubectl.ok("logs", "job/succeeds"))
        .isEqualTo("hello world from " + pod + "\nto-stderr\n");
  }

  @Test
  void aFailingCommandFailsTheJobAfterBackoffLimitRetries() {
    kubectl.apply(job("fails", "backoffLimit: 2", SHELL, "'exit 3'"));

    kubectl.awaitValue(
        "job",
        "fails",
        "{.status.conditions[?(@.type==\"Failed\")].reason}",
        "BackoffLimitExceeded",
        TIMEOUT);

    assertThat(kubectl.jsonpath("job", "fails", "{.status.failed}")).isEqualTo("3");
    assertThat(pods("fails"))
        .hasSize(3)
        .allSatisfy(
            pod -> {
              assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(
                      pod.getStatus()
                          .getContainerStatuses()
                          .get(0)
                          .getState()
                          .getTerminated()
                          .getExitCode())
                  .isEqualTo(3);
            });
  }

  @Test
  void suspendingAJobStopsItsProcessAndResumingStartsAnother() {
    kubectl.apply(job("suspended", "backoffLimit: 0", SHELL, "'echo started; exec sleep 300'"));
    String pod = onlyPod("suspended");
    kubectl.awaitValue("pod", pod, "{.status.phase}", "Running", TIMEOUT);
    ProcessHandle process = runner.process(pod).orElseThrow();

    kubectl.ok("patch", "job", "suspended", "--type=merge", "-p", "{\"spec\":{\"suspend\":true}}");

    await().atMost(TIMEOUT).until(() -> !process.isAlive());
    kubectl.awaitValue(
        "job",
        "suspended",
        "{.status.conditions[?(@.type==\"Suspended\")].status}",
        "True",
        TIMEOUT);
    await().atMost(TIMEOUT).until(() -> pods("suspended").isEmpty());
    assertThat(kubectl.jsonpath("job", "suspended", "{.status.active}")).isEmpty();
    assertThat(kubectl.jsonpath("job", "suspended", "{.status.failed}")).isEmpty();

    kubectl.ok("patch", "job", "suspended", "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}");

    String resumed = onlyPod("suspended");
    assertThat(resumed).isNotEqualTo(pod);
    kubectl.awaitValue("pod", resumed, "{.status.phase}", "Running", TIMEOUT);
    assertThat(
            kubectl.jsonpath(
                "job", "suspended", "{.status.conditions[?(@.type==\"Suspended\")].reason}"))
        .isEqualTo("JobResumed");
    kubectl.ok("delete", "job", "suspended");
  }

  @Test
  void anIndexedJobRunsOneProcessPerIndex() {
    kubectl.apply(
        job(
            "indexed",
            "completions: 3\nparallelism: 3\ncompletionMode: Indexed",
            SHELL,
            "'echo \"index=$JOB_COMPLETION_INDEX\"'"));

    kubectl.awaitValue("job", "indexed", "{.status.completedIndexes}", "0-2", TIMEOUT);

    assertThat(kubectl.jsonpath("job", "indexed", "{.status.succeeded}")).isEqualTo("3");
    List<Pod> pods = pods("indexed");
    assertThat(pods).hasSize(3);
    for (Pod pod : pods) {
      String index = pod.getMetadata().getLabels().get("batch.kubernetes.io/job-completion-index");
      assertThat(pod.getMetadata().getName()).startsWith("indexed-" + index + "-");
      assertThat(kubectl.ok("logs", pod.getMetadata().getName()))
          .isEqualTo("index=" + index + "\n");
    }
    assertThat(
            pods.stream()
                .map(
                    p ->
                        p.getMetadata()
                            .getLabels()
                            .get("batch.kubernetes.io/job-completion-index")))
        .containsExactlyInAnyOrder("0", "1", "2");
  }

  @Test
  void aKilledProcessFailsItsPodAndTheJobStartsAnother() {
    kubectl.apply(job("killed", "backoffLimit: 1", SHELL, "'exec sleep 300'"));
    String pod = onlyPod("killed");
    kubectl.awaitValue("pod", pod, "{.status.phase}", "Running", TIMEOUT);

    assertThat(runner.killProcess(pod)).isTrue();

    kubectl.awaitValue(
        "pod", pod, "{.status.containerStatuses[0].state.terminated.exitCode}", "137", TIMEOUT);
    // On a timeout the assertion names every pod's phase and the Job's status.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(phases("killed"))
                    .as("job status %s", kubectl.jsonpath("job", "killed", "{.status}"))
                    .containsValue("Running"));
    assertThat(kubectl.jsonpath("job", "killed", "{.status.failed}")).isEqualTo("1");
    kubectl.ok("delete", "job", "killed");
    await().atMost(TIMEOUT).until(() -> pods("killed").isEmpty());
    assertThat(runner.runningPods()).noneMatch(name -> name.startsWith("killed-"));
  }

  /**
   * A status write lost after the process started (a failed request) must not leave the pod
   * Pending.
   */
  @Test
  void aRunningPodWhoseStatusWasLostIsReportedRunningAgain() {
    kubectl.apply(job("lost-status", "backoffLimit: 0", SHELL, "'exec sleep 300'"));
    String pod = onlyPod("lost-status");
    kubectl.awaitValue("pod", pod, "{.status.phase}", "Running", TIMEOUT);
    Optional<Long> pid = runner.process(pod).map(ProcessHandle::pid);

    // What the pod holds when the write of its start never arrived.
    client
        .pods()
        .inNamespace("default")
        .withName(pod)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"Pending\",\"containerStatuses\":null}}");

    kubectl.awaitValue("pod", pod, "{.status.phase}", "Running", TIMEOUT);
    assertThat(kubectl.jsonpath("pod", pod, "{.status.containerStatuses[0].state.running}"))
        .contains("startedAt");
    assertThat(runner.process(pod).map(ProcessHandle::pid)).isEqualTo(pid);
    kubectl.ok("delete", "job", "lost-status");
  }

  @Test
  void aPodWaitsForAMissingSecret() {
    kubectl.apply(
        job(
            "needs-secret",
            "backoffLimit: 0",
            SHELL,
            "'echo \"$TOKEN\"'",
            "[{name: TOKEN, valueFrom: {secretKeyRef: {name: later, key: token}}}]"));
    String pod = onlyPod("needs-secret");
    kubectl.awaitValue(
        "pod",
        pod,
        "{.status.containerStatuses[0].state.waiting.reason}",
        "CreateContainerConfigError",
        TIMEOUT);

    kubectl.apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: later}
        data: {token: czNjcjN0}
        """);

    kubectl.awaitValue("job", "needs-secret", "{.status.succeeded}", "1", TIMEOUT);
    assertThat(kubectl.ok("logs", pod)).isEqualTo("s3cr3t\n");
  }

  @Test
  void initContainersRunFirstInTurnSharingEmptyDirsAndEachKeepsItsLog() {
    kubectl.apply(
        initJob(
            "chained",
            "echo first > $WORK/note; echo ''init says hi''",
            "cat $WORK/note; echo second"));
    String pod = onlyPod("chained");

    kubectl.awaitValue("job", "chained", "{.status.succeeded}", "1", TIMEOUT);
    assertThat(kubectl.ok("logs", pod, "-c", "prepare")).isEqualTo("init says hi\n");
    assertThat(kubectl.ok("logs", pod, "-c", "main")).isEqualTo("first\nsecond\n");
    assertThat(
            kubectl.jsonpath(
                "pod", pod, "{.status.initContainerStatuses[0].state.terminated.exitCode}"))
        .isEqualTo("0");
  }

  @Test
  void aFailedInitContainerFailsThePodAndItsMainContainerNeverRuns() {
    kubectl.apply(initJob("halted", "echo broken; exit 4", "echo never"));
    String pod = onlyPod("halted");

    kubectl.awaitValue("pod", pod, "{.status.phase}", "Failed", TIMEOUT);
    assertThat(
            kubectl.jsonpath(
                "pod", pod, "{.status.initContainerStatuses[0].state.terminated.exitCode}"))
        .isEqualTo("4");
    assertThat(kubectl.jsonpath("pod", pod, "{.status.containerStatuses[0].state.waiting.reason}"))
        .isEqualTo("PodInitializing");
    assertThat(Files.exists(runner.logFile("default", pod))).as("main never ran").isFalse();
    kubectl.ok("delete", "job", "halted");
  }

  /**
   * A Job whose pod runs {@code init} then {@code main} (bash, YAML single-quoted), sharing an
   * emptyDir at /work, which {@code $WORK} names (a mapped path, since this is a local process).
   */
  private static String initJob(String name, String init, String main) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
          labels: {app: runner-test}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              volumes: [{name: work, emptyDir: {}}]
              initContainers:
                - name: prepare
                  image: e2e/shell:1
                  args: ['%s']
                  env: [{name: WORK, value: /work}]
                  volumeMounts: [{name: work, mountPath: /work}]
              containers:
                - name: main
                  image: e2e/shell:1
                  args: ['%s']
                  env: [{name: WORK, value: /work}]
                  volumeMounts: [{name: work, mountPath: /work}]
        """
        .formatted(name, init, main);
  }

  @Test
  void anImageWithoutALocalCommandStaysPending() {
    kubectl.apply(job("unmapped", "backoffLimit: 0", "example.com/unknown:1", "'true'"));
    String pod = onlyPod("unmapped");

    kubectl.awaitValue(
        "pod", pod, "{.status.containerStatuses[0].state.waiting.reason}", "ErrImagePull", TIMEOUT);

    assertThat(kubectl.jsonpath("pod", pod, "{.status.phase}")).isEqualTo("Pending");
    kubectl.ok("delete", "job", "unmapped");
  }

  @Test
  void runsTheEngineCliAsAPodAndPrintsTheSameHashAsARunInProcess() throws Exception {
    Path manifest = Manifests.example("reference-workflow.yaml");
    kubectl.apply(
        job(
            "engine",
            "backoffLimit: 0",
            "shadowflow/engine:dev",
            "run, '%s', --in-memory, --output, json".formatted(manifest)));

    kubectl.awaitValue("job", "engine", "{.status.succeeded}", "1", Duration.ofSeconds(60));

    StringWriter expected = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(expected),
            new PrintWriter(new StringWriter()),
            "run",
            manifest.toString(),
            "--in-memory",
            "--output",
            "json");
    assertThat(exit).isZero();
    String pod = onlyPod("engine");
    assertThat(
            kubectl.jsonpath(
                "pod", pod, "{.status.containerStatuses[0].state.terminated.exitCode}"))
        .isEqualTo("0");
    Optional<String> json =
        kubectl.ok("logs", pod).lines().filter(l -> l.startsWith("{")).findFirst();
    assertThat(json).contains(expected.toString().strip());
  }
}
