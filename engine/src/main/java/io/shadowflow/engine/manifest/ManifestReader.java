package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.api.ManifestLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one way a manifest is read, by the CLI, the engine pod and the operator's tests: size first,
 * then UTF-8, then the restricted YAML of {@link YamlTree}. Every rejection names the line.
 */
public final class ManifestReader {
  private ManifestReader() {}

  /** The manifest document of {@code file}. */
  public static ManifestDocument read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // One byte more than allowed is enough to know the file is too large: never read it all.
      bytes = in.readNBytes(ManifestLimits.FILE_BYTES + 1);
      if (bytes.length > ManifestLimits.FILE_BYTES) {
        long size = Files.size(file);
        throw ManifestText.invalid(
            file.toString(),
            "is "
                + size
                + " bytes; a manifest may have at most "
                + ManifestLimits.FILE_BYTES
                + " bytes (256 KiB)");
      }
    } catch (NoSuchFileException e) {
      throw ManifestText.invalid(file.toString(), "no such file");
    } catch (IOException e) {
      throw ManifestText.invalid(file.toString(), "cannot read: " + e.getMessage());
    }
    return YamlTree.parse(ManifestText.decode(bytes, file.toString()), file.toString());
  }

  /** The manifest document of YAML {@code text}; {@code source} names it in messages. */
  public static JsonNode parse(String text, String source) {
    return YamlTree.parse(ManifestText.checked(text, source), source).tree();
  }
}
