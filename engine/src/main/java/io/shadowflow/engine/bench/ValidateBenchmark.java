package io.shadowflow.engine.bench;

import io.shadowflow.engine.manifest.WorkflowCompiler;
import io.shadowflow.engine.model.InvalidManifestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Manifests validated per second in one JVM, as {@code validate} reads them (file, reader,
 * compiler, CRD bounds), over the files and folders given; accepted and rejected ones both count.
 */
public final class ValidateBenchmark {
  private ValidateBenchmark() {}

  /** {@code args}: manifest files or folders of them. */
  public static void main(String[] args) throws Exception {
    List<Path> files = new ArrayList<>();
    for (String arg : args) {
      Path path = Path.of(arg);
      if (Files.isDirectory(path)) {
        try (Stream<Path> listed = Files.list(path)) {
          listed.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else {
        files.add(path);
      }
    }
    WorkflowCompiler compiler = new WorkflowCompiler();
    long warmUpEnd = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmUpEnd) {
      measure(files, compiler, 1);
    }
    long start = System.nanoTime();
    int rounds = 0;
    int rejected = 0;
    while (System.nanoTime() - start < 5_000_000_000L) {
      rejected += measure(files, compiler, 1);
      rounds++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int validated = files.size() * rounds;
    System.out.printf(
        "%d manifests (%d files x %d, %d rejected) in %.2f s: %.0f manifests validated/s%n",
        validated, files.size(), rounds, rejected, seconds, validated / seconds);
  }

  private static int measure(List<Path> files, WorkflowCompiler compiler, int rounds) {
    int rejected = 0;
    for (int round = 0; round < rounds; round++) {
      for (Path file : files) {
        try {
          compiler.compileFile(file, null);
        } catch (InvalidManifestException e) {
          rejected++;
        }
      }
    }
    return rejected;
  }
}
