package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.shadowflow.engine.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the YAML documents of a manifest file; syntax errors name the line and column. */
public final class ManifestReader {
  private ManifestReader() {}

  /** The non-empty documents of {@code file}, in order. */
  public static List<JsonNode> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw invalid(file.toString(), "no such file");
    } catch (IOException e) {
      throw invalid(file.toString(), "cannot read: " + e.getMessage());
    }
    return parse(text, file.toString());
  }

  /** The non-empty documents of YAML {@code text}; {@code source} names it in messages. */
  public static List<JsonNode> parse(String text, String source) {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = Json.YAML.createParser(text);
        MappingIterator<JsonNode> it = Json.YAML.readValues(parser, JsonNode.class)) {
      while (it.hasNextValue()) {
        JsonNode document = it.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw invalid(where, "malformed YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid(source, "cannot read: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      throw invalid(source, "holds no manifest");
    }
    return documents;
  }

  private static InvalidManifestException invalid(String path, String message) {
    return new InvalidManifestException(List.of(new Problem(path, message)));
  }
}
