package io.shadowflow.certify;

import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.run.EngineBuild;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shadowflow certify}: runs the checklist against an installation and writes the report. */
@Command(
    name = "certify",
    mixinStandardHelpOptions = true,
    description =
        "Runs the 20-item self-certification checklist against the installation of the current"
            + " kubeconfig context (or a local control plane, --dev) and writes a signed report in"
            + " Markdown and JSON. Exit 0 only when every item passes.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every item passes", "1:an item fails", "2:invalid options"})
public final class CertifyCommand implements Callable<Integer> {
  @Option(
      names = "--profile",
      defaultValue = "full",
      description = "quick (small sizes, for a test suite) or full. Default: ${DEFAULT-VALUE}")
  String profile;

  @Option(
      names = "--shadow-duration",
      description = "How long the continuous ShadowRun runs (24h in full, 20s in quick), e.g. 24h")
  String shadowDuration;

  @Option(
      names = "--namespace",
      defaultValue = "shadowflow-certify",
      description =
          "Where the certification's Workflows and ShadowRuns go. Default: ${DEFAULT-VALUE}")
  String namespace;

  @Option(
      names = "--operator-namespace",
      defaultValue = "shadowflow-system",
      description = "Where the chart installed the operator. Default: ${DEFAULT-VALUE}")
  String operatorNamespace;

  @Option(
      names = "--dev",
      description = "Start a local control plane (./shadowflow dev) and certify it instead")
  boolean dev;

  @Option(
      names = "--jdbc-url",
      description =
          "The installation's PostgreSQL as its owner, to induce the faults of item 19; with --dev,"
              + " the one the control plane uses (an embedded one when absent)")
  String jdbcUrl;

  @Option(
      names = "--drift-url",
      description =
          "An endpoint the engine pods can call whose every answer differs, for item 18 (--dev"
              + " serves one itself)")
  String driftUrl;

  @Option(
      names = "--db-schema",
      defaultValue = "shadowflow",
      description = "With --jdbc-url: the schema of shadowflow's tables. Default: ${DEFAULT-VALUE}")
  String schema;

  @Option(names = "--signer", required = true, description = "Who signs the report")
  String signer;

  @Option(
      names = "--out",
      defaultValue = "certification",
      description = "Folder of report.md and report.json. Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(names = "--root", defaultValue = ".", description = "With --dev: the repository checkout")
  Path root;

  private final Clock clock;

  public CertifyCommand() {
    this(Clock.systemUTC());
  }

  CertifyCommand(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new CertifyCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Profile sizes =
        Profile.named(profile, shadowDuration == null ? null : parseDuration(shadowDuration));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    Files.createDirectories(out());
    try (Installation installation = installation()) {
      Certification certification =
          new Certification(installation, namespace, sizes, root.toAbsolutePath());
      certification.ensureNamespace();
      Optional<DatabaseConfig> database = installation.database();
      if (database.isPresent()) {
        DatabaseFaults.lift(database.get(), namespace);
      }
      String id = Long.toString(clock.millis(), 36);
      Workloads workloads =
          new Workloads(installation.client().getKubernetesSerialization(), sizes, id);
      out.printf("certifying %s, profile %s%n", installation.describe(), sizes.name());
      var results =
          new Certifier(Checklist.checks(workloads), clock)
              .run(
                  certification,
                  r ->
                      out.printf(
                          "%2d %-4s %s (%d s)%n",
                          r.item().number(),
                          r.evidence().pass() ? "pass" : "FAIL",
                          r.item().title(),
                          r.took().toSeconds()));
      Map<String, String> versions = new TreeMap<>(installation.versions());
      versions.put("certify", EngineBuild.current().toString());
      versions.put("certification id", id);
      Report report =
          new Report(installation.describe(), sizes, versions, results, signer, clock.instant());
      Files.writeString(out().resolve("report.md"), report.markdown());
      Files.writeString(out().resolve("report.json"), report.json());
      out.printf(
          "%d of %d items pass; report in %s (SHA-256 %s)%n",
          report.passes(), Item.values().length, out(), report.sha256());
      return report.passed() ? 0 : 1;
    }
  }

  private Path out() {
    return out.toAbsolutePath();
  }

  private Installation installation() throws java.io.IOException {
    if (!dev) {
      return new ClusterInstallation(
          operatorNamespace, Optional.ofNullable(databaseConfig()), Optional.ofNullable(driftUrl));
    }
    Path work = Files.createTempDirectory("shadowflow-certify");
    return DevInstallation.start(root.toAbsolutePath(), databaseConfig(), namespace, work);
  }

  private DatabaseConfig databaseConfig() {
    return jdbcUrl == null ? null : DatabaseConfig.of(jdbcUrl).withSchema(schema);
  }

  private static Duration parseDuration(String text) {
    return io.shadowflow.engine.model.Durations.parse(text);
  }
}
