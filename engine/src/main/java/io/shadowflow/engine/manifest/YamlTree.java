package io.shadowflow.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowflow.api.ManifestLimits;
import io.shadowflow.engine.json.Json;
import io.shadowflow.engine.model.InvalidManifestException;
import io.shadowflow.engine.model.Problem;
import io.shadowflow.engine.model.Values;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Builds the JSON tree of one YAML document from the parser's events, taking only the part of YAML
 * that a Kubernetes object means: one document of plain objects, lists and scalars. Anchors,
 * aliases, merge keys, tags, directives, duplicate keys, non-finite numbers, overly deep nesting
 * and too many values are refused with their line, in words a manifest author knows.
 */
final class YamlTree {
  /** An object or list being filled, with the field path that names it in messages. */
  private static final class Open {
    final JsonNode node;
    final String path;
    String key;

    Open(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    String childPath() {
      if (node instanceof ArrayNode list) {
        return path + "[" + list.size() + "]";
      }
      return path.isEmpty() ? Values.cut(key) : path + "." + Values.cut(key);
    }
  }

  private final String source;
  private final Deque<Open> open = new ArrayDeque<>();
  private final Map<String, Integer> lines = new HashMap<>();
  private JsonNode root;
  private int values;

  private YamlTree(String source) {
    this.source = source;
  }

  /** The one document of {@code text}; {@code source} names the file in messages. */
  static ManifestDocument parse(String text, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Math.max(ManifestLimits.FILE_BYTES, text.length()) + 1);
    Parser parser = new ParserImpl(new StreamReader(text), options);
    YamlTree tree = new YamlTree(source);
    try {
      return tree.read(parser);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      throw ManifestText.invalid(tree.at(mark), "malformed YAML: " + problem);
    } catch (YAMLException e) {
      throw ManifestText.invalid(source, "malformed YAML: " + e.getMessage());
    }
  }

  private ManifestDocument read(Parser parser) {
    boolean documentSeen = false;
    while (true) {
      Event event = parser.getEvent();
      switch (event.getEventId()) {
        case StreamStart, DocumentEnd, Comment -> {}
        case StreamEnd -> {
          if (root == null) {
            throw ManifestText.invalid(source, "holds no manifest");
          }
          return new ManifestDocument(root, source, Map.copyOf(lines));
        }
        case DocumentStart -> {
          if (documentSeen) {
            throw problem(
                event, "", "holds a second YAML document ('---'); put one manifest in a file");
          }
          documentSeen = true;
          DocumentStartEvent start = (DocumentStartEvent) event;
          if (start.getVersion() != null
              || (start.getTags() != null && !start.getTags().isEmpty())) {
            throw problem(
                event, "", "YAML directives (%YAML, %TAG) are not supported; remove them");
          }
        }
        case Alias ->
            throw problem(
                event, nextPath(), "YAML aliases (*name) are not supported; write the value out");
        case Scalar -> add(event, scalar((ScalarEvent) event));
        case MappingStart -> start(event, Json.object());
        case SequenceStart -> start(event, Json.NODES.arrayNode());
        case MappingEnd, SequenceEnd -> {
          Open done = open.pop();
          if (open.isEmpty()) {
            root = done.node;
          }
        }
        default -> throw problem(event, nextPath(), "unexpected YAML content");
      }
    }
  }

  private void start(Event event, JsonNode container) {
    checkNode(event, ((CollectionStartEvent) event).getTag());
    String path = nextPath();
    if (isKeyPosition()) {
      throw problem(event, path, "a key must be a plain string, not an object or a list");
    }
    if (open.size() >= ManifestLimits.DEPTH) {
      throw problem(
          event, path, "nests deeper than " + ManifestLimits.DEPTH + " levels; flatten this value");
    }
    count(event, path);
    if (!open.isEmpty()) {
      attach(event, container);
    }
    open.push(new Open(container, path));
  }

  private void add(Event event, JsonNode value) {
    String path = nextPath();
    if (open.isEmpty()) {
      throw problem(event, "", "expected a YAML object with apiVersion, kind, metadata and spec");
    }
    Open parent = open.peek();
    if (isKeyPosition()) {
      String key = value.isTextual() ? value.textValue() : value.asText();
      if (parent.node.has(key)) {
        throw problem(
            event, path(parent.path, key), "appears twice; a field may be given only once");
      }
      if ("<<".equals(key) && ((ScalarEvent) event).isPlain()) {
        throw problem(
            event,
            path(parent.path, key),
            "YAML merge keys (<<) are not supported; write the fields out");
      }
      parent.key = key;
      return;
    }
    count(event, path);
    attach(event, value);
  }

  private void attach(Event event, JsonNode value) {
    Open parent = open.peek();
    if (parent.node instanceof ArrayNode list) {
      list.add(value);
    } else {
      ((ObjectNode) parent.node).set(parent.key, value);
      parent.key = null;
    }
  }

  private boolean isKeyPosition() {
    return !open.isEmpty() && open.peek().node.isObject() && open.peek().key == null;
  }

  private String nextPath() {
    if (open.isEmpty()) {
      return "";
    }
    Open parent = open.peek();
    return parent.node.isObject() && parent.key == null ? parent.path : parent.childPath();
  }

  private void count(Event event, String path) {
    lines.put(path, event.getStartMark().getLine() + 1);
    if (++values > ManifestLimits.VALUES) {
      throw problem(
          event, path, "the manifest holds more than " + ManifestLimits.VALUES + " values");
    }
  }

  private JsonNode scalar(ScalarEvent event) {
    checkNode(event, event.getTag());
    String text = event.getValue();
    if (text.length() > ManifestLimits.STRING_CHARS) {
      throw problem(
          event,
          nextPath(),
          "is "
              + text.length()
              + " characters long; a value may have at most "
              + ManifestLimits.STRING_CHARS);
    }
    if (!event.isPlain()) {
      return Json.NODES.textNode(text);
    }
    try {
      return PlainScalars.resolve(text);
    } catch (IllegalArgumentException e) {
      throw problem(event, nextPath(), e.getMessage());
    }
  }

  private void checkNode(Event event, String tag) {
    NodeEvent node = (NodeEvent) event;
    if (node.getAnchor() != null) {
      throw problem(
          event,
          nextPath(),
          "YAML anchors (&"
              + Values.cut(node.getAnchor())
              + ") are not supported; write each value out");
    }
    if (tag != null) {
      throw problem(
          event,
          nextPath(),
          "YAML tags (" + Values.cut(tag) + ") are not supported; write the value as plain text");
    }
  }

  private static String path(String parent, String key) {
    return parent.isEmpty() ? Values.cut(key) : parent + "." + Values.cut(key);
  }

  private InvalidManifestException problem(Event event, String path, String message) {
    String where = at(event.getStartMark());
    return new InvalidManifestException(
        List.of(
            path.isEmpty()
                ? new Problem(where, message)
                : new Problem(path, message + " (at " + where + ")")));
  }

  private String at(Mark mark) {
    return mark == null
        ? source
        : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }
}
