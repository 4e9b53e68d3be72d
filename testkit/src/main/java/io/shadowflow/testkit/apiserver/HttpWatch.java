package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One watch a client asked for over plain HTTP: which objects it wants, in which form (the objects,
 * or one-row Tables for {@code kubectl get -w}), and the stream its events go to, one JSON line
 * each. Events that come before the stream is open wait in order.
 */
public final class HttpWatch {
  /** Where the lines go: the chunked HTTP response. */
  public interface Stream {
    void write(String line);

    void end();
  }

  private final ResourceType type;
  private final Predicate<JsonNode> selected;
  private final boolean table;
  private final String includeObject;
  private final Consumer<HttpWatch> onClose;
  private final List<String> pending = new ArrayList<>();
  private Stream stream;
  private boolean closed;

  HttpWatch(ResourceType type, ApiPath path, boolean table, Consumer<HttpWatch> onClose) {
    this.type = type;
    this.selected = Selectors.of(path);
    this.table = table;
    this.includeObject = path.param("includeObject");
    this.onClose = onClose;
  }

  boolean watches(ApiPath path) {
    return type.group().equals(path.group())
        && type.version().equals(path.version())
        && type.plural().equals(path.plural());
  }

  boolean selects(JsonNode object) {
    return selected.test(object);
  }

  synchronized void send(String eventType, JsonNode object) {
    if (closed) {
      return;
    }
    ObjectNode event = KubeJson.object().put("type", eventType);
    String version = object.path("metadata").path("resourceVersion").asText("");
    event.set(
        "object",
        table
            ? TableView.of(type, List.of(object), version, includeObject, Instant.now())
            : object);
    String line = KubeJson.write(event) + "\n";
    if (stream == null) {
      pending.add(line);
    } else {
      stream.write(line);
    }
  }

  /** Starts sending to {@code stream}, the events so far first. */
  public synchronized void open(Stream stream) {
    this.stream = stream;
    pending.forEach(stream::write);
    pending.clear();
    if (closed) {
      stream.end();
    }
  }

  /** Ends the stream (the client left, or {@code timeoutSeconds} passed) and stops the events. */
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (stream != null) {
        stream.end();
      }
    }
    onClose.accept(this);
  }
}
