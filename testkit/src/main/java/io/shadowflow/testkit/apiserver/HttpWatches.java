package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The watches clients hold over plain HTTP ({@code kubectl get -w}, {@code kubectl wait}), fed from
 * every write the server stores, and the last events, kept so that a watch from a list's {@code
 * resourceVersion} misses nothing written in between (what a real server's watch cache does).
 *
 * <p>Both {@link #record} and {@link #open} run under the storage write lock, so an event is either
 * replayed to a new watch or sent to it, never both or neither.
 */
final class HttpWatches {
  private static final int KEPT_EVENTS = 1000;

  private record Event(long version, ApiPath path, String type, JsonNode object) {}

  private final Deque<Event> history = new ArrayDeque<>();
  private final List<HttpWatch> open = new CopyOnWriteArrayList<>();
  private long forgotten;

  /** Records a stored change, the object carrying its new {@code resourceVersion}. */
  void record(ApiPath path, String eventType, JsonNode object) {
    Event event = new Event(versionOf(object), path, eventType, object);
    history.addLast(event);
    if (history.size() > KEPT_EVENTS) {
      forgotten = history.removeFirst().version();
    }
    for (HttpWatch watch : open) {
      deliver(watch, event);
    }
  }

  /**
   * Opens a watch that starts with {@code current} as {@code ADDED} when the request names no
   * {@code resourceVersion} (or {@code 0}), else with the events after that version.
   */
  HttpWatch open(ResourceType type, ApiPath path, boolean table, Supplier<List<JsonNode>> current)
      throws ApiException {
    HttpWatch watch = new HttpWatch(type, path, table, open::remove);
    String from = path.param("resourceVersion");
    if (from == null || from.isEmpty() || from.equals("0")) {
      current.get().stream().filter(watch::selects).forEach(object -> watch.send("ADDED", object));
    } else {
      long version = parse(from);
      if (version < forgotten) {
        throw ApiException.expired(
            "too old resource version: %d (%d)".formatted(version, forgotten + 1));
      }
      history.stream().filter(e -> e.version() > version).forEach(e -> deliver(watch, e));
    }
    open.add(watch);
    return watch;
  }

  private static void deliver(HttpWatch watch, Event event) {
    if (watch.watches(event.path()) && watch.selects(event.object())) {
      watch.send(event.type(), event.object());
    }
  }

  private static long versionOf(JsonNode object) {
    return parse(object.path("metadata").path("resourceVersion").asText("0"));
  }

  private static long parse(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
