package io.shadowflow.engine.plugin;

import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.step.StepKinds;
import io.shadowflow.sdk.JavaStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads step plugins: every jar in a folder, each in a class loader of its own over the SDK, its
 * {@link JavaStep}s found by {@link ServiceLoader}. Their kinds join the built-in ones.
 */
public final class Plugins {
  private static final Pattern KIND = Pattern.compile("[a-z][A-Za-z0-9]{0,62}");

  private Plugins() {}

  /**
   * The built-in kinds and those of the plugins in {@code folder}.
   *
   * @throws IllegalArgumentException naming the folder or the jar when a plugin cannot be used
   */
  public static StepKinds load(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "--plugins: " + folder + " is not a folder; give the folder of the plugins' jars");
    }
    List<StepKind> kinds = new ArrayList<>();
    for (Path jar : jars(folder)) {
      for (JavaStep step : steps(jar)) {
        if (!KIND.matcher(step.kind()).matches()) {
          throw new IllegalArgumentException(
              "plugin "
                  + jar.getFileName()
                  + ": kind '"
                  + step.kind()
                  + "' must be letters and digits starting with a small letter");
        }
        kinds.add(new PluginStepKind(step, jar.getFileName().toString()));
      }
    }
    return StepKinds.installed().with(kinds);
  }

  private static List<Path> jars(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The steps of one jar; it shares only the SDK (and what the SDK needs) with the engine. */
  private static List<JavaStep> steps(Path jar) {
    try {
      URLClassLoader loader =
          new URLClassLoader(
              "plugin " + jar.getFileName(),
              new URL[] {jar.toUri().toURL()},
              JavaStep.class.getClassLoader());
      List<JavaStep> steps = new ArrayList<>();
      ServiceLoader.load(JavaStep.class, loader).forEach(steps::add);
      if (steps.isEmpty()) {
        throw new IllegalArgumentException(
            "plugin "
                + jar.getFileName()
                + " lists no step: name its classes in META-INF/services/"
                + JavaStep.class.getName());
      }
      return steps;
    } catch (MalformedURLException | ServiceConfigurationError e) {
      throw new IllegalArgumentException(
          "plugin " + jar.getFileName() + " cannot be loaded: " + e.getMessage(), e);
    }
  }
}
