package io.shadowflow.engine.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The engine build that made a run: its version and git commit, recorded with golden records so a
 * mismatch can be reproduced on the same code.
 *
 * @param commit the git commit the engine was built from, or {@code unknown} when built without git
 */
public record EngineBuild(String version, String commit) {
  private static final String RESOURCE = "/io/shadowflow/engine/build.properties";
  private static final EngineBuild CURRENT = load();

  /** The build of the running engine, as Maven wrote it into {@code build.properties}. */
  public static EngineBuild current() {
    return CURRENT;
  }

  private static EngineBuild load() {
    Properties build = new Properties();
    try (InputStream in = EngineBuild.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new EngineBuild(
        build.getProperty("version", "development"), build.getProperty("commit", "unknown"));
  }

  @Override
  public String toString() {
    return version + " (commit " + commit + ")";
  }
}
