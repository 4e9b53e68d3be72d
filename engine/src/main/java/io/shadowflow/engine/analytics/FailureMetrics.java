package io.shadowflow.engine.analytics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shadowflow.engine.failure.FailureCode;

/**
 * The counter {@code shadowflow.failures} ({@code shadowflow_failures_total} in Prometheus), one
 * increment per failed attempt, tagged with the catalog code and its category only: both are
 * bounded, whereas run ids or workflow names would grow a series per run.
 */
public final class FailureMetrics {
  /** The meter's name; Prometheus adds {@code _total}. */
  public static final String NAME = "shadowflow.failures";

  private final MeterRegistry registry;

  public FailureMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void count(FailureCode code) {
    Counter.builder(NAME)
        .description("Failed step attempts and checkpoint writes, by failure catalog code")
        .tag("code", code.name())
        .tag("category", code.category().name())
        .register(registry)
        .increment();
  }
}
