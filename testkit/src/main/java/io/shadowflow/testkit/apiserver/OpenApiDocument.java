package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One group version's OpenAPI v3 document ({@code /openapi/v3/apis/G/V}), shaped as kube-apiserver
 * publishes a CRD's: a schema per kind keyed by the reversed group ({@code
 * io.shadowflow.v1alpha1.Workflow}) with {@code x-kubernetes-group-version-kind} and {@code
 * metadata} pointing at ObjectMeta, a list schema per kind, the meta/v1 schemas they refer to, and
 * the paths with their operations. kubectl reads the schemas for {@code explain}, and the PATCH
 * operations' {@code fieldValidation} parameter to decide that the server validates fields itself.
 */
final class OpenApiDocument {
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  private static final ObjectNode META_SCHEMAS = readMetaSchemas();

  private OpenApiDocument() {}

  static ObjectNode of(List<ResourceType> types) {
    ObjectNode document = KubeJson.object();
    document.put("openapi", "3.0.0");
    document.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
    ObjectNode paths = document.putObject("paths");
    ObjectNode schemas = document.putObject("components").putObject("schemas");
    for (ResourceType type : types) {
      schemas.set(schemaName(type, type.kind()), kindSchema(type));
      schemas.set(schemaName(type, type.kind() + "List"), listSchema(type));
      addPaths(paths, type);
    }
    schemas.setAll(META_SCHEMAS.deepCopy());
    return document;
  }

  /** {@code io.shadowflow.v1alpha1.Workflow} for group {@code shadowflow.io}, as a real server. */
  static String schemaName(ResourceType type, String kind) {
    List<String> parts = new ArrayList<>(List.of(type.group().split("\\.")));
    Collections.reverse(parts);
    String prefix = type.group().isEmpty() ? "io.k8s.api.core" : String.join(".", parts);
    return prefix + "." + type.version() + "." + kind;
  }

  private static ObjectNode kindSchema(ResourceType type) {
    ObjectNode schema =
        type.schema() == null || !type.schema().isObject()
            ? laxSchema(type)
            : (ObjectNode) type.schema().deepCopy();
    if (!schema.has("type")) {
      schema.put("type", "object");
    }
    ObjectNode properties = KubeJson.objectAt(schema, "properties");
    properties.set("apiVersion", apiVersionProperty());
    properties.set("kind", kindProperty());
    properties.set(
        "metadata",
        reference("ObjectMeta")
            .put(
                "description",
                "Standard object's metadata. More info:"
                    + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"));
    gvk(schema, type, type.kind());
    return schema;
  }

  // Built-in types are listed for their operations only: this server has no schema for them.
  private static ObjectNode laxSchema(ResourceType type) {
    ObjectNode schema = KubeJson.object();
    schema.put(
        "description",
        type.kind() + " (this test API server does not publish the fields of built-in types)");
    schema.put("x-kubernetes-preserve-unknown-fields", true);
    return schema;
  }

  private static ObjectNode listSchema(ResourceType type) {
    ObjectNode schema = KubeJson.object();
    schema.put("description", type.kind() + "List is a list of " + type.kind());
    schema.put("type", "object");
    schema.putArray("required").add("items");
    ObjectNode properties = schema.putObject("properties");
    properties.set("apiVersion", apiVersionProperty());
    properties.set("kind", kindProperty());
    ObjectNode items = properties.putObject("items");
    items.put("description", "List of " + type.plural() + ".").put("type", "array");
    items.putObject("items").put("$ref", "#/components/schemas/" + schemaName(type, type.kind()));
    properties.set(
        "metadata",
        reference("ListMeta")
            .put(
                "description",
                "Standard list metadata. More info:"
                    + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"));
    gvk(schema, type, type.kind() + "List");
    return schema;
  }

  private static ObjectNode apiVersionProperty() {
    ObjectNode property = KubeJson.object();
    property.put(
        "description",
        "APIVersion defines the versioned schema of this representation of an object. Servers"
            + " should convert recognized schemas to the latest internal value, and may reject"
            + " unrecognized values. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources");
    return property.put("type", "string");
  }

  private static ObjectNode kindProperty() {
    ObjectNode property = KubeJson.object();
    property.put(
        "description",
        "Kind is a string value representing the REST resource this object represents. Servers"
            + " may infer this from the endpoint the client submits requests to. Cannot be"
            + " updated. In CamelCase. More info:"
            + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds");
    return property.put("type", "string");
  }

  private static ObjectNode reference(String metaType) {
    ObjectNode property = KubeJson.object();
    property.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + META + metaType);
    return property;
  }

  private static void gvk(ObjectNode schema, ResourceType type, String kind) {
    schema.putArray("x-kubernetes-group-version-kind").add(gvkOf(type, kind));
  }

  private static ObjectNode gvkOf(ResourceType type, String kind) {
    ObjectNode gvk = KubeJson.object();
    return gvk.put("group", type.group()).put("kind", kind).put("version", type.version());
  }

  private static void addPaths(ObjectNode paths, ResourceType type) {
    String base =
        type.group().isEmpty()
            ? "/api/" + type.version()
            : "/apis/" + type.group() + "/" + type.version();
    String collection =
        base + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
    String object = collection + "/{name}";
    ObjectNode collectionPath = path(paths, collection, type.namespaced(), false);
    collectionPath.set("get", operation(type, "list", type.kind() + "List"));
    collectionPath.set("post", operation(type, "post", type.kind()));
    collectionPath.set("delete", operation(type, "deletecollection", null));
    ObjectNode objectPath = path(paths, object, type.namespaced(), true);
    objectPath.set("get", operation(type, "get", type.kind()));
    objectPath.set("put", operation(type, "put", type.kind()));
    objectPath.set("patch", patch(type));
    objectPath.set("delete", operation(type, "delete", null));
    if (type.hasStatus()) {
      ObjectNode statusPath = path(paths, object + "/status", type.namespaced(), true);
      statusPath.set("get", operation(type, "get", type.kind()));
      statusPath.set("put", operation(type, "put", type.kind()));
      statusPath.set("patch", patch(type));
    }
    if (type.namespaced()) {
      path(paths, base + "/" + type.plural(), false, false)
          .set("get", operation(type, "list", type.kind() + "List"));
    }
  }

  private static ObjectNode path(ObjectNode paths, String path, boolean namespaced, boolean named) {
    ObjectNode item = paths.putObject(path);
    ArrayNode parameters = item.putArray("parameters");
    if (named) {
      parameters.add(parameter("name", "path", "name of the resource"));
    }
    if (namespaced) {
      parameters.add(
          parameter(
              "namespace", "path", "object name and auth scope, such as for teams and projects"));
    }
    return item;
  }

  // No strategic merge patch, even for built-in types: kubectl would compute one from the document
  // (which has no fields of built-in types) instead of from its compiled-in types.
  private static ObjectNode patch(ResourceType type) {
    ObjectNode operation = operation(type, "patch", type.kind());
    operation
        .withArray("parameters")
        .add(parameter("force", "query", "forces an apply request over conflicts"));
    ObjectNode content =
        operation.putObject("requestBody").put("required", true).putObject("content");
    for (String mediaType :
        List.of(
            Patches.APPLY_PATCH, "application/json-patch+json", "application/merge-patch+json")) {
      content
          .putObject(mediaType)
          .putObject("schema")
          .put("$ref", "#/components/schemas/" + META + "Patch");
    }
    return operation;
  }

  private static ObjectNode operation(ResourceType type, String action, String responseKind) {
    ObjectNode operation = KubeJson.object();
    operation.put("description", action + " " + type.kind());
    operation.put("operationId", action + type.kind());
    ArrayNode parameters = operation.putArray("parameters");
    if (action.equals("post") || action.equals("put") || action.equals("patch")) {
      parameters.add(parameter("dryRun", "query", "when present, the change is not persisted"));
      parameters.add(parameter("fieldManager", "query", "the name of the actor making the change"));
      parameters.add(
          parameter(
              "fieldValidation",
              "query",
              "how the server treats unknown fields in the request: Ignore, Warn or Strict"));
    }
    ObjectNode ok = operation.putObject("responses").putObject("200").put("description", "OK");
    if (responseKind != null) {
      ok.putObject("content")
          .putObject("application/json")
          .putObject("schema")
          .put("$ref", "#/components/schemas/" + schemaName(type, responseKind));
    }
    operation.put("x-kubernetes-action", action);
    operation.set("x-kubernetes-group-version-kind", gvkOf(type, type.kind()));
    return operation;
  }

  private static ObjectNode parameter(String name, String in, String description) {
    ObjectNode parameter = KubeJson.object();
    parameter.put("name", name).put("in", in).put("description", description);
    if (in.equals("path")) {
      parameter.put("required", true);
    }
    parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
    return parameter;
  }

  private static ObjectNode readMetaSchemas() {
    try (InputStream in =
        OpenApiDocument.class.getResourceAsStream("/openapi/meta-v1-schemas.json")) {
      return (ObjectNode) KubeJson.mapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
