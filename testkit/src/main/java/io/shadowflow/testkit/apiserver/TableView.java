package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for: the columns of a CRD's {@code
 * additionalPrinterColumns}, or for built-in types the usual ones (a pod's STATUS, a Job's
 * COMPLETIONS...), so that {@code kubectl get wf} shows what the CRD author meant it to.
 */
final class TableView {
  static final String MEDIA_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private record Column(ObjectNode definition, Function<JsonNode, JsonNode> cell) {}

  private TableView() {}

  /** True when the client's Accept header asks for a Table. */
  static boolean requested(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /**
   * @param includeObject the request's {@code includeObject}: None, Object, or Metadata (default)
   */
  static ObjectNode of(
      ResourceType type,
      List<JsonNode> objects,
      String resourceVersion,
      String includeObject,
      Instant now) {
    List<Column> columns = columns(type, now);
    ObjectNode table = KubeJson.object();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode definitions = table.putArray("columnDefinitions");
    columns.forEach(c -> definitions.add(c.definition()));
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      columns.forEach(c -> cells.add(c.cell().apply(object)));
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata"));
      }
    }
    return table;
  }

  private static List<Column> columns(ResourceType type, Instant now) {
    List<Column> columns = new ArrayList<>();
    columns.add(
        column("Name", "string", "name", 0, o -> text(o.path("metadata").path("name").asText())));
    Column age =
        column(
            "Age",
            "string",
            "",
            0,
            o -> text(age(o.path("metadata").path("creationTimestamp"), now)));
    if (!type.printerColumns().isEmpty()) {
      for (ResourceType.PrinterColumn printer : type.printerColumns()) {
        columns.add(
            column(
                printer.name(),
                printer.type(),
                printer.format(),
                printer.priority(),
                o -> cell(o, printer, now)));
      }
      return columns;
    }
    switch (type.group() + "/" + type.plural()) {
      case "/pods" -> {
        columns.add(column("Ready", "string", "", 0, o -> text(podReady(o))));
        columns.add(column("Status", "string", "", 0, o -> text(podStatus(o))));
        columns.add(column("Restarts", "integer", "", 0, o -> NODES.numberNode(restarts(o))));
      }
      case "batch/jobs" -> {
        columns.add(column("Status", "string", "", 0, o -> text(jobStatus(o))));
        columns.add(column("Completions", "string", "", 0, o -> text(completions(o))));
        columns.add(column("Duration", "string", "", 0, o -> text(jobDuration(o, now))));
      }
      case "/namespaces" ->
          columns.add(
              column(
                  "Status",
                  "string",
                  "",
                  0,
                  o -> text(o.path("status").path("phase").asText("Active"))));
      case "/configmaps" ->
          columns.add(column("Data", "integer", "", 0, o -> NODES.numberNode(dataCount(o))));
      case "/secrets" -> {
        columns.add(column("Type", "string", "", 0, o -> text(o.path("type").asText("Opaque"))));
        columns.add(column("Data", "integer", "", 0, o -> NODES.numberNode(dataCount(o))));
      }
      default -> {
        // Name and Age only, as a real server shows a type without columns of its own.
      }
    }
    columns.add(age);
    return columns;
  }

  private static Column column(
      String name, String type, String format, int priority, Function<JsonNode, JsonNode> cell) {
    ObjectNode definition = KubeJson.object();
    definition.put("name", name).put("type", type).put("format", format);
    definition.put("description", "").put("priority", priority);
    return new Column(definition, cell);
  }

  private static JsonNode cell(JsonNode object, ResourceType.PrinterColumn column, Instant now) {
    List<JsonNode> values = JsonPaths.read(object, column.jsonPath());
    if (values.isEmpty()) {
      return NODES.nullNode();
    }
    JsonNode value = values.get(0);
    return switch (column.type()) {
      case "date" -> text(age(value, now));
      case "integer", "number", "boolean" -> value.isValueNode() ? value : text(value.toString());
      default -> text(value.isValueNode() ? value.asText() : value.toString());
    };
  }

  private static String podReady(JsonNode pod) {
    int total = pod.path("spec").path("containers").size();
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      ready += status.path("ready").asBoolean() ? 1 : 0;
    }
    return ready + "/" + total;
  }

  private static String podStatus(JsonNode pod) {
    if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
      return "Terminating";
    }
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      JsonNode state = status.path("state");
      String reason =
          state
              .path("waiting")
              .path("reason")
              .asText(state.path("terminated").path("reason").asText(""));
      if (!reason.isEmpty()) {
        return reason;
      }
    }
    return pod.path("status").path("phase").asText("Pending");
  }

  private static int restarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asInt();
    }
    return restarts;
  }

  private static String jobStatus(JsonNode job) {
    String status = "Running";
    for (JsonNode condition : job.path("status").path("conditions")) {
      if (condition.path("status").asText().equals("True")) {
        switch (condition.path("type").asText()) {
          case "Complete" -> status = "Complete";
          case "Failed" -> status = "Failed";
          case "Suspended" -> status = status.equals("Running") ? "Suspended" : status;
          default -> {
            // other conditions do not change what the column says
          }
        }
      }
    }
    return status;
  }

  private static String completions(JsonNode job) {
    return job.path("status").path("succeeded").asInt(0)
        + "/"
        + job.path("spec").path("completions").asInt(1);
  }

  private static String jobDuration(JsonNode job, Instant now) {
    JsonNode start = job.path("status").path("startTime");
    if (!start.isTextual()) {
      return "";
    }
    JsonNode end = job.path("status").path("completionTime");
    Instant until = end.isTextual() ? Instant.parse(end.asText()) : now;
    return humanDuration(Duration.between(Instant.parse(start.asText()), until));
  }

  private static int dataCount(JsonNode object) {
    return object.path("data").size()
        + object.path("binaryData").size()
        + object.path("stringData").size();
  }

  private static String age(JsonNode timestamp, Instant now) {
    if (!timestamp.isTextual()) {
      return "<unknown>";
    }
    return humanDuration(Duration.between(Instant.parse(timestamp.asText()), now));
  }

  /** Kubernetes' {@code duration.HumanDuration}: 45s, 5m30s, 3h10m, 2d4h, 1y30d. */
  static String humanDuration(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    } else if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  private static JsonNode text(String value) {
    return NODES.textNode(value);
  }
}
