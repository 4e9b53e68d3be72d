package io.shadowflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRD YAML committed under crds/generated is what the classes generate at this build. */
class CrdYamlIsCurrentTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final Path COMMITTED = Path.of("generated");
  private static final String HOW_TO_FIX = "run scripts/update-crds.sh and commit crds/generated";

  @Test
  void committedCrdsAreTheGeneratedOnes() throws IOException {
    List<String> generated = names(GENERATED);
    assertThat(generated)
        .contains("workflows.shadowflow.io-v1.yml", "shadowruns.shadowflow.io-v1.yml");
    assertThat(names(COMMITTED)).as(HOW_TO_FIX).isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(COMMITTED.resolve(name)))
          .as(name + " is stale: " + HOW_TO_FIX)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
