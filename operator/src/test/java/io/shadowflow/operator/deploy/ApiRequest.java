package io.shadowflow.operator.deploy;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What RBAC sees of one API request: its (apiGroup, resource[/subresource], verb). */
final class ApiRequest {
  private ApiRequest() {}

  /** The permission a request needs; empty for discovery and other non-resource paths. */
  static Optional<Chart.Grant> grant(RecordedRequest request) {
    String path = request.getPath();
    String query = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return Optional.empty();
    }
    if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
      if (rest.isEmpty()) {
        return Optional.of(new Chart.Grant("", "namespaces", verb(request, true, query)));
      }
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String resource = rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
    return Optional.of(new Chart.Grant(group, resource, verb(request, rest.size() >= 2, query)));
  }

  private static String verb(RecordedRequest request, boolean named, String query) {
    return switch (request.getMethod()) {
      case "GET" ->
          named ? "get" : query.matches("(^|.*&)watch=(true|1)(&.*|$)") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> request.getMethod().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
