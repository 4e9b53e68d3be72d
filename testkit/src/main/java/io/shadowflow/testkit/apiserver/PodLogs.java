package io.shadowflow.testkit.apiserver;

import io.shadowflow.testkit.PodLogSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET pods/NAME/log}: a container's log as the pod runner wrote it, {@code container},
 * {@code tailLines} and {@code limitBytes} honoured.
 */
final class PodLogs {
  private PodLogs() {}

  static String read(PodLogSource source, ApiPath path) throws ApiException {
    Optional<Path> file = source.podLog(path.namespace(), path.name(), path.param("container"));
    if (file.isEmpty() || !Files.exists(file.get())) {
      throw ApiException.badRequest(
          "container in pod \"" + path.name() + "\" is waiting to start: no log yet");
    }
    try {
      List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
      String tail = path.param("tailLines");
      if (tail != null && !tail.equals("-1")) {
        int keep = Integer.parseInt(tail);
        lines = lines.subList(Math.max(0, lines.size() - keep), lines.size());
      }
      StringBuilder text = new StringBuilder();
      lines.forEach(line -> text.append(line).append('\n'));
      String limit = path.param("limitBytes");
      if (limit == null) {
        return text.toString();
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      int keep = (int) Math.min(bytes.length, Long.parseLong(limit));
      return new String(bytes, 0, keep, StandardCharsets.UTF_8);
    } catch (IOException | NumberFormatException e) {
      throw ApiException.badRequest("cannot read the log: " + e.getMessage());
    }
  }
}
