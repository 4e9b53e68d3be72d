package io.shadowflow.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** Which Workflow to replay, with which seeds, on how many workers, and for how long. */
@ValidationRule(
    value = "!has(self.interval) || has(self.duration)",
    message = "interval applies to continuous runs: set duration too")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ShadowRunSpec {
  /** Most worker pods one ShadowRun may ask for. */
  public static final int MAX_WORKERS = 64;

  /** A duration as the engine reads it: 500ms, 30s, 1m30s, 24h. */
  static final String DURATION = ManifestLimits.DURATION_PATTERN;

  @JsonPropertyDescription("The Workflow whose definition is replayed.")
  @Required
  public WorkflowRef workflowRef;

  @JsonPropertyDescription("The seeds to replay.")
  @Required
  public SeedRange seeds;

  @JsonPropertyDescription(
      "How often each seed runs per cycle. mode crossWorker compares a seed's runs with each"
          + " other, so it needs 2 or more: with 1, nothing is compared (Deterministic is Unknown,"
          + " reason NothingCompared).")
  @Default("2")
  @Min(1)
  public Integer iterations;

  @JsonPropertyDescription(
      "Worker pods, each taking a shard of the seeds; 0 pauses the run (the scale subresource).")
  @SpecReplicas
  @Default("1")
  @Min(0)
  @Max(MAX_WORKERS)
  public Integer workers;

  @JsonPropertyDescription(
      "crossWorker (every worker must hash a seed the same), replay (against golden records) or both.")
  @Default("both")
  public ShadowMode mode;

  @JsonPropertyDescription(
      "Keep cycling for this long, e.g. 24h; absent: one cycle. Units: h, m, s, ms.")
  @Pattern(DURATION)
  @Size(max = ManifestLimits.DURATION_CHARS)
  public String duration;

  @JsonPropertyDescription("Pause between two cycles of a continuous run, e.g. 30s.")
  @Pattern(DURATION)
  @Size(max = ManifestLimits.DURATION_CHARS)
  public String interval;

  @JsonPropertyDescription("Failures to inject into the replays.")
  public FaultSpec faults;

  @JsonPropertyDescription(
      "Busy threads kept running beside the workers, to show determinism under contention.")
  @Min(0)
  public Integer cpuStress;

  /** The cycles whose per-seed results are kept when the spec does not say. */
  public static final int DEFAULT_KEEP_CYCLES = 10;

  @JsonPropertyDescription(
      "Cycles whose per-seed results are kept, newest first; older cycles keep their totals and"
          + " mismatches. Bounds a continuous run's tables.")
  @Default("10")
  @Min(1)
  public Integer keepCycles;
}
