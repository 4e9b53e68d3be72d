package io.shadowflow.engine.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.primitives.UnsignedLong;
import io.shadowflow.engine.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between JSON trees and the Java values CEL evaluates over. */
public final class CelValues {
  private CelValues() {}

  /** JSON to CEL: objects become maps, arrays lists, integers Long, other numbers Double. */
  public static Object toCel(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
        return Collections.unmodifiableMap(map);
      case ARRAY:
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(element -> list.add(toCel(element)));
        return Collections.unmodifiableList(list);
      case STRING:
        return node.textValue();
      case BOOLEAN:
        return node.booleanValue();
      case NUMBER:
        return node.canConvertToExactIntegral() && node.canConvertToLong()
            ? (Object) node.longValue()
            : (Object) node.doubleValue();
      default:
        return dev.cel.common.values.NullValue.NULL_VALUE;
    }
  }

  /** CEL to JSON; values JSON cannot carry (bytes, timestamps, NaN) are an error. */
  public static JsonNode toJson(Object value) throws ExpressionException {
    if (value == null
        || value instanceof dev.cel.common.values.NullValue
        || value instanceof com.google.protobuf.NullValue) {
      return Json.NODES.nullNode();
    }
    if (value instanceof String s) {
      return Json.NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return Json.NODES.booleanNode(b);
    }
    if (value instanceof Long l) {
      return Json.NODES.numberNode(l);
    }
    if (value instanceof UnsignedLong u) {
      return Json.NODES.numberNode(u.bigIntegerValue());
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new ExpressionException("result " + d + " is not a JSON number");
      }
      return Json.NODES.numberNode(d);
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = Json.object();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new ExpressionException(
              "map key " + e.getKey() + " is not a string; JSON needs string keys");
        }
        object.set(key, toJson(e.getValue()));
      }
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = Json.NODES.arrayNode(list.size());
      for (Object element : list) {
        array.add(toJson(element));
      }
      return array;
    }
    throw new ExpressionException(
        "result of type " + value.getClass().getSimpleName() + " cannot be written as JSON");
  }
}
