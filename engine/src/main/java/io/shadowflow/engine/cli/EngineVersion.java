package io.shadowflow.engine.cli;

import io.shadowflow.engine.run.EngineBuild;
import picocli.CommandLine.IVersionProvider;

/** The engine build for {@code --version}: version and git commit. */
public final class EngineVersion implements IVersionProvider {
  public static String current() {
    return EngineBuild.current().version();
  }

  @Override
  public String[] getVersion() {
    return new String[] {"shadowflow " + EngineBuild.current()};
  }
}
