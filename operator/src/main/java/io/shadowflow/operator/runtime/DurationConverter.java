package io.shadowflow.operator.runtime;

import io.shadowflow.engine.model.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Reads durations the way manifests write them: 500ms, 30s, 1m30s, 24h. */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value);
  }
}
