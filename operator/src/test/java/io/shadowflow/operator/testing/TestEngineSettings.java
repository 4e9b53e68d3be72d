package io.shadowflow.operator.testing;

import io.shadowflow.operator.jobs.EngineSettings;

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
          9404);

  private TestEngineSettings() {}
}
