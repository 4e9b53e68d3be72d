package io.shadowflow.engine.lint;

import static io.shadowflow.engine.testing.Cli.shadowflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.cli.Main;
import io.shadowflow.engine.lint.deterministic.SteadySteps;
import io.shadowflow.engine.lint.nondeterministic.DriftingSteps;
import io.shadowflow.engine.testing.Cli;
import io.shadowflow.engine.testing.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadowflow lint} on jars built from compiled step code: each class of non-determinism is
 * named by class, method and the line its source marks, a deterministic twin is clean, and what is
 * no jar is refused.
 */
class LintCommandTest {
  @TempDir Path temp;

  @Test
  void everyCallThatBreaksDeterminismIsNamedAtItsLine() throws Exception {
    Path jar = jarOf(DriftingSteps.class);
    Cli.Outcome outcome = shadowflow("lint", jar.toString());

    assertThat(outcome.exitCode()).isEqualTo(Main.MISMATCH);
    String where = "io/shadowflow/engine/lint/nondeterministic/DriftingSteps.java:";
    List<String> lines = outcome.out().lines().filter(l -> l.startsWith(where)).toList();
    assertThat(lines)
        .extracting(l -> Integer.parseInt(l.substring(where.length(), l.indexOf(' '))))
        .containsExactlyElementsOf(markedLines(DriftingSteps.class));
    assertThat(outcome.out())
        .contains(
            "DriftingSteps.clock calls System.currentTimeMillis(): it reads the wall clock;"
                + " use the context's now()")
        .contains(
            "DriftingSteps.random calls new Random(): it draws from an unseeded random source")
        .contains("DriftingSteps.random calls UUID.randomUUID()")
        .contains("DriftingSteps.hashOrder calls HashSet.iterator(): it iterates a hash-ordered")
        .contains("DriftingSteps.hashOrder calls HashMap.keySet()")
        .contains("DriftingSteps.locale calls String.format(): it formats with the JVM's default")
        .contains("DriftingSteps.race calls Thread.start(): it runs code on other threads")
        .contains("DriftingSteps.host calls System.getenv(): it reads the host it runs on")
        .contains("DriftingSteps.host calls InetAddress.getLocalHost()")
        .contains(
            "DriftingSteps.aroundTheContext calls HttpClient.send(): it reaches outside the"
                + " run without recording the result; make the call inside the context's external")
        .contains("DriftingSteps.inALambda (a lambda) calls Math.random()")
        .contains("12 call(s) that break determinism in 1 of 1 classes");
  }

  @Test
  void deterministicStepCodeIsClean() throws Exception {
    Path jar = jarOf(SteadySteps.class);
    Cli.Outcome outcome = shadowflow("lint", jar.toString());
    assertThat(outcome.exitCode()).as(outcome.out()).isZero();
    assertThat(outcome.out()).contains("no call that breaks determinism in 1 classes");
  }

  @Test
  void onlyTheNamedPackagesAreChecked() throws Exception {
    Path jar = jarOf(DriftingSteps.class, SteadySteps.class);
    Cli.Outcome outcome =
        shadowflow("lint", jar.toString(), "--package", SteadySteps.class.getPackageName());
    assertThat(outcome.exitCode()).isZero();
    assertThat(outcome.out()).contains("in 1 classes");
    assertThat(shadowflow("lint", jar.toString()).out()).contains("in 1 of 2 classes");
  }

  @Test
  void whatIsNoJarIsRefusedNamingTheArgument() throws Exception {
    Cli.Outcome missing = shadowflow("lint", temp.resolve("absent.jar").toString());
    assertThat(missing.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(missing.err()).contains("JAR:", "is not a file; give the plugin's jar");

    Path text = Files.writeString(temp.resolve("notes.jar"), "not a zip");
    Cli.Outcome garbage = shadowflow("lint", text.toString());
    assertThat(garbage.exitCode()).isEqualTo(Main.INVALID_INPUT);
    assertThat(garbage.err()).contains("cannot be read as a jar");
  }

  /** A jar of the compiled classes (nested and lambda classes included). */
  private Path jarOf(Class<?>... classes) throws IOException {
    Path jar = temp.resolve("plugin.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> type : classes) {
        String entry = type.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (var bytes = type.getClassLoader().getResourceAsStream(entry)) {
          bytes.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  /** The lines of {@code type}'s source that end with {@code // finding}, in order. */
  private static List<Integer> markedLines(Class<?> type) throws IOException {
    Path source =
        Manifests.repositoryRoot()
            .resolve("engine/src/test/java")
            .resolve(type.getName().replace('.', '/') + ".java");
    List<Integer> marked = new ArrayList<>();
    try (Stream<String> lines = Files.lines(source)) {
      List<String> all = lines.toList();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).endsWith("// finding")) {
          marked.add(i + 1);
        }
      }
    }
    return marked;
  }
}
