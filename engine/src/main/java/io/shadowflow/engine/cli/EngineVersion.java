package io.shadowflow.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** The engine build, from the jar manifest when packaged. */
public final class EngineVersion implements IVersionProvider {
  public static String current() {
    String version = EngineVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"shadowflow " + current()};
  }
}
