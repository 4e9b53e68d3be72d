package io.shadowflow.engine.plugin;

import io.shadowflow.engine.model.StepKind;
import io.shadowflow.engine.step.StepKinds;
import io.shadowflow.sdk.JavaStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads step plugins: every jar in a folder, each in a class loader of its own over the SDK, its
 * {@link JavaStep}s listed in its {@code META-INF/services} file. Their kinds join the built-in
 * ones.
 */
public final class Plugins {
  private static final Pattern KIND = Pattern.compile("[a-z][A-Za-z0-9]{0,62}");
  private static final String SERVICES = "META-INF/services/" + JavaStep.class.getName();

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
      String identity = identity(jar);
      for (JavaStep step : steps(jar)) {
        if (!KIND.matcher(step.kind()).matches()) {
          throw new IllegalArgumentException(
              "plugin "
                  + jar.getFileName()
                  + ": kind '"
                  + step.kind()
                  + "' must be letters and digits starting with a small letter");
        }
        kinds.add(new PluginStepKind(step, identity));
      }
    }
    return StepKinds.installed().with(kinds);
  }

  /** The built-in kinds and {@code steps}, as if a plugin named {@code source} brought them. */
  public static StepKinds with(List<JavaStep> steps, String source) {
    return StepKinds.installed()
        .with(steps.stream().map(step -> (StepKind) new PluginStepKind(step, source)).toList());
  }

  /**
   * Which plugin this is, exactly: {@code name.jar sha256:HEX}, and the version its manifest gives
   * ({@code Implementation-Version}) when it gives one.
   */
  static String identity(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String version =
          manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
      String digest =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
      return jar.getFileName()
          + " sha256:"
          + digest
          + (version == null ? "" : " version " + version);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "plugin " + jar.getFileName() + " cannot be read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> jars(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The steps one jar lists in its own service file; it shares only the SDK (and what the SDK
   * needs) with the engine. Service files are read from the jar alone, not through the class
   * loader's parents, so an engine's class path never adds steps to a plugin.
   */
  private static List<JavaStep> steps(Path jar) {
    String plugin = "plugin " + jar.getFileName();
    try {
      URLClassLoader loader =
          new URLClassLoader(
              plugin, new URL[] {jar.toUri().toURL()}, JavaStep.class.getClassLoader());
      List<JavaStep> steps = new ArrayList<>();
      for (URL services : Collections.list(loader.findResources(SERVICES))) {
        for (String name : classNames(services)) {
          steps.add(instantiate(loader, name, plugin));
        }
      }
      if (steps.isEmpty()) {
        throw new IllegalArgumentException(
            plugin + " lists no step: name its classes in " + SERVICES);
      }
      return steps;
    } catch (IOException e) {
      throw new IllegalArgumentException(plugin + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The class names of a service file: one a line, {@code #} starting a comment. */
  private static List<String> classNames(URL services) throws IOException {
    try (InputStream in = services.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(line -> line.replaceAll("#.*", "").trim())
          .filter(line -> !line.isEmpty())
          .toList();
    }
  }

  private static JavaStep instantiate(ClassLoader loader, String name, String plugin) {
    try {
      return Class.forName(name, true, loader)
          .asSubclass(JavaStep.class)
          .getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      throw new IllegalArgumentException(
          plugin
              + ": "
              + name
              + " is not a JavaStep with a public constructor without"
              + " arguments ("
              + e
              + ")",
          e);
    }
  }
}
