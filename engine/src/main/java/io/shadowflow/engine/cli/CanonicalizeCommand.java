package io.shadowflow.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.shadowflow.engine.json.CanonicalJson;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code canonicalize FILE}: prints the RFC 8785 form of a JSON file. */
@Command(name = "canonicalize", description = "Print the RFC 8785 canonical form of a JSON file.")
final class CanonicalizeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "JSON file to canonicalize")
  Path file;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw invalid("cannot read: " + e.getMessage());
    }
    try {
      spec.commandLine().getOut().println(CanonicalJson.of(Json.MAPPER.readTree(text)));
    } catch (JsonProcessingException e) {
      throw invalid("not valid JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    return Main.SUCCESS;
  }

  private InvalidManifestException invalid(String message) {
    return new InvalidManifestException(List.of(new Problem(file.toString(), message)));
  }
}
