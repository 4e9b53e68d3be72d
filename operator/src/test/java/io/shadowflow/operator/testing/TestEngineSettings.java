package io.shadowflow.operator.testing;

import io.shadowflow.operator.jobs.EngineEgress;
import io.shadowflow.operator.jobs.EngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Engine pod settings for the builders' unit tests. */
public final class TestEngineSettings {
  public static final EngineSettings SETTINGS =
      new EngineSettings(
          "registry.example/shadowflow/engine:1.2.3",
          "IfNotPresent",
          "shadowflow-database",
          "shadowflow",
          null,
          "250m",
          "256Mi",
          "512Mi",
          6,
          9404,
          new EngineEgress(List.of("10.244.0.0/16", "10.96.0.0/12"), List.of("10.96.0.10/32")),
          List.of("registry.example/team-images/"),
          Map.of("research", "registry.example/research/engine:2.0"),
          Duration.ofSeconds(30));

  private TestEngineSettings() {}
}
