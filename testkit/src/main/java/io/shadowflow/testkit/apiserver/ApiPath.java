package io.shadowflow.testkit.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request URI taken apart the way the API server routes it: group, version, namespace, resource,
 * name, subresource and the query parameters.
 *
 * @param path the path without the query string
 * @param group the API group, empty for the core group ({@code /api/v1})
 * @param version the API version, or null for {@code /api} and {@code /apis[/group]}
 * @param namespace the namespace in the path, or null
 * @param plural the resource (plural name), or null for discovery paths
 * @param name the object name, or null for a collection
 * @param subresource e.g. {@code status} or {@code scale}, or null
 * @param query decoded query parameters (the last value wins)
 */
public record ApiPath(
    String path,
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  // A namespace object's own subresources, which must not be read as a resource in that namespace.
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  /** Parses a request URI (path and optional query string). */
  public static ApiPath parse(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : parseQuery(uri.substring(q + 1));
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
      }
    }
    String group;
    List<String> rest;
    if (!segments.isEmpty() && segments.get(0).equals("api")) {
      group = "";
      rest = segments.subList(1, segments.size());
    } else if (!segments.isEmpty() && segments.get(0).equals("apis")) {
      if (segments.size() == 1) {
        return new ApiPath(path, null, null, null, null, null, null, query);
      }
      group = segments.get(1);
      rest = segments.subList(2, segments.size());
    } else {
      return new ApiPath(path, null, null, null, null, null, null, query);
    }
    if (rest.isEmpty()) {
      return new ApiPath(path, group, null, null, null, null, null, query);
    }
    String version = rest.get(0);
    List<String> resource = rest.subList(1, rest.size());
    String namespace = null;
    if (resource.size() >= 3
        && resource.get(0).equals("namespaces")
        && !(resource.size() == 3 && NAMESPACE_SUBRESOURCES.contains(resource.get(2)))) {
      namespace = resource.get(1);
      resource = resource.subList(2, resource.size());
    }
    String plural = resource.size() > 0 ? resource.get(0) : null;
    String name = resource.size() > 1 ? resource.get(1) : null;
    String subresource =
        resource.size() > 2 ? String.join("/", resource.subList(2, resource.size())) : null;
    return new ApiPath(path, group, version, namespace, plural, name, subresource, query);
  }

  private static Map<String, String> parseQuery(String queryString) {
    Map<String, String> query = new LinkedHashMap<>();
    Arrays.stream(queryString.split("&"))
        .filter(pair -> !pair.isEmpty())
        .forEach(
            pair -> {
              int eq = pair.indexOf('=');
              String key = eq < 0 ? pair : pair.substring(0, eq);
              String value = eq < 0 ? "" : pair.substring(eq + 1);
              query.put(
                  URLDecoder.decode(key, StandardCharsets.UTF_8),
                  URLDecoder.decode(value, StandardCharsets.UTF_8));
            });
    return query;
  }

  /** True for a path under {@code /api} or {@code /apis} that names a resource type. */
  public boolean isResource() {
    return plural != null;
  }

  public String param(String key) {
    return query.get(key);
  }

  /** The same request on the object itself, without subresource or query string. */
  public String objectPath() {
    return of(group, version, namespace, plural, name);
  }

  /** The collection the object belongs to, without query string (where a create is sent). */
  public String collectionPath() {
    return of(group, version, namespace, plural, null);
  }

  /** The API path of an object of a type, for internal requests such as garbage collection. */
  public static String of(
      String group, String version, String namespace, String plural, String name) {
    String base = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    String ns = namespace == null ? "" : "/namespaces/" + namespace;
    return base + ns + "/" + plural + (name == null ? "" : "/" + name);
  }
}
