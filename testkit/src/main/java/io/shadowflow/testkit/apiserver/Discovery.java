package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The discovery documents ({@code /version}, {@code /api}, {@code /apis}, {@code /api/v1}, {@code
 * /apis/G[/V]}) in the legacy (unaggregated) format.
 *
 * <p>kubectl 1.32 first asks {@code /api} and {@code /apis} for the aggregated format ({@code
 * as=APIGroupDiscoveryList}); a plain {@code application/json} answer makes it fall back to one
 * request per group version, which is all this server has to answer.
 */
final class Discovery {
  /** The Kubernetes version the server claims; kubectl's dispatcher picks a client to match. */
  static final String GIT_VERSION = "v1.32.3";

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  private final ResourceCatalog catalog;
  private final Supplier<String> serverAddress;

  Discovery(ResourceCatalog catalog, Supplier<String> serverAddress) {
    this.catalog = catalog;
    this.serverAddress = serverAddress;
  }

  /** The document at {@code path}, or null when the path is not a discovery path. */
  JsonNode document(ApiPath path) throws ApiException {
    switch (path.path()) {
      case "/", "" -> {
        return rootPaths();
      }
      case "/version" -> {
        return version();
      }
      case "/api", "/api/" -> {
        return apiVersions();
      }
      case "/apis", "/apis/" -> {
        return groupList();
      }
      default -> {
        // fall through to the group and group-version documents
      }
    }
    if (path.group() == null || path.plural() != null) {
      return null;
    }
    if (path.version() == null) {
      if (path.group().isEmpty()) {
        return apiVersions();
      }
      Set<String> versions = catalog.groupVersions().get(path.group());
      if (versions == null) {
        throw ApiException.noSuchPath();
      }
      return group(path.group(), versions);
    }
    return resourceList(path.group(), path.version());
  }

  private JsonNode rootPaths() {
    ObjectNode root = KubeJson.object();
    ArrayNode paths = root.putArray("paths");
    paths.add("/api").add("/api/v1").add("/apis");
    catalog
        .groupVersions()
        .forEach(
            (group, versions) -> {
              if (!group.isEmpty()) {
                paths.add("/apis/" + group);
                versions.forEach(v -> paths.add("/apis/" + group + "/" + v));
              }
            });
    paths.add("/healthz").add("/livez").add("/readyz").add("/version");
    return root;
  }

  private static JsonNode version() {
    String minor = GIT_VERSION.split("\\.")[1];
    ObjectNode version = KubeJson.object();
    version.put("major", "1").put("minor", minor).put("gitVersion", GIT_VERSION);
    version.put("gitCommit", "shadowflow-e2e").put("gitTreeState", "clean");
    version.put("buildDate", "2025-03-11T00:00:00Z").put("goVersion", "go1.23.6");
    version.put("compiler", "gc").put("platform", "linux/amd64");
    return version;
  }

  private JsonNode apiVersions() {
    ObjectNode versions = KubeJson.object();
    versions.put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    addServerAddress(versions);
    return versions;
  }

  private JsonNode groupList() {
    ObjectNode list = KubeJson.object();
    list.put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    for (Map.Entry<String, Set<String>> entry : catalog.groupVersions().entrySet()) {
      if (!entry.getKey().isEmpty()) {
        groups.add(groupBody(entry.getKey(), entry.getValue()));
      }
    }
    return list;
  }

  private JsonNode group(String name, Set<String> versions) {
    ObjectNode group = groupBody(name, versions);
    group.put("kind", "APIGroup").put("apiVersion", "v1");
    return group;
  }

  private ObjectNode groupBody(String name, Set<String> versions) {
    ObjectNode group = KubeJson.object();
    group.put("name", name);
    ArrayNode list = group.putArray("versions");
    versions.forEach(v -> list.addObject().put("groupVersion", name + "/" + v).put("version", v));
    group.set("preferredVersion", list.get(0).deepCopy());
    addServerAddress(group);
    return group;
  }

  private void addServerAddress(ObjectNode document) {
    document
        .putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress.get());
  }

  private JsonNode resourceList(String group, String version) throws ApiException {
    List<ResourceType> types = catalog.inGroupVersion(group, version).toList();
    if (types.isEmpty()) {
      throw ApiException.noSuchPath();
    }
    ObjectNode list = KubeJson.object();
    list.put("kind", "APIResourceList").put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject();
      resource.put("name", type.plural()).put("singularName", type.singular());
      resource.put("namespaced", type.namespaced()).put("kind", type.kind());
      strings(resource.putArray("verbs"), VERBS);
      if (!type.shortNames().isEmpty()) {
        strings(resource.putArray("shortNames"), type.shortNames());
      }
      if (!type.categories().isEmpty()) {
        strings(resource.putArray("categories"), type.categories());
      }
      if (type.hasStatus()) {
        subresource(resources, type, "status", SUBRESOURCE_VERBS);
      }
      if (type.scale() != null) {
        subresource(resources, type, "scale", SUBRESOURCE_VERBS)
            .put("group", "autoscaling")
            .put("version", "v1")
            .put("kind", "Scale");
      }
      for (String readOnly : type.readOnlySubresources()) {
        subresource(resources, type, readOnly, List.of("get"));
      }
    }
    return list;
  }

  private static ObjectNode subresource(
      ArrayNode resources, ResourceType type, String name, List<String> verbs) {
    ObjectNode resource = resources.addObject();
    resource.put("name", type.plural() + "/" + name).put("singularName", "");
    resource.put("namespaced", type.namespaced()).put("kind", type.kind());
    strings(resource.putArray("verbs"), verbs);
    return resource;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
