package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.shadowflow.testkit.PodLogSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fabric8 CRUD dispatcher, completed into what kubectl and an operator expect of an API server:
 * discovery, OpenAPI v3 and field validation, 404 for types it does not serve, the Scale
 * subresource, server-side apply, merge patches that really remove fields, status writes that touch
 * only status (query strings included), garbage collection, pod logs, watches over plain HTTP (with
 * {@link ControlPlaneWebServer}), and Status bodies on errors.
 *
 * <p>Creates and deletes go through the mock's own handlers; updates of every kind (PUT, patches,
 * apply, scale) are computed here ({@link Replacement}) and stored through the mock's {@code
 * processEvent}, so resource versions, watch events and finalizers keep the mock's behaviour.
 */
public final class ControlPlaneDispatcher extends KubernetesCrudDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneDispatcher.class);
  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

  private final ResourceCatalog catalog = new ResourceCatalog();
  private final GarbageCollector collector = new GarbageCollector(catalog);
  private final Discovery discovery;
  private final OpenApiV3 openApi = new OpenApiV3(catalog);
  private final HttpWatches httpWatches = new HttpWatches();
  private final Identities identities = new Identities();
  private volatile PodLogSource podLogs = (namespace, pod, container) -> Optional.empty();
  // The mock's own write lock, so that a patch (read, compute, store) is one step for readers and
  // watchers too; see locked(Lock).
  private volatile Lock storageWriteLock;
  private final ThreadLocal<Boolean> orphaning = ThreadLocal.withInitial(() -> false);
  private final NamedObjects named =
      new NamedObjects((KubernetesAttributesExtractor) getAttributeExtractor());

  /**
   * @param serverAddress host:port the discovery documents name, known once the server listens
   */
  public ControlPlaneDispatcher(Supplier<String> serverAddress) {
    this.discovery = new Discovery(catalog, serverAddress);
    // Any write takes the mock's private write lock and reports it to locked(Lock): deleting
    // nothing is the harmless write that hands it over.
    super.handleDelete("/api/v1/namespaces/none/configmaps/none");
    if (storageWriteLock == null) {
      throw new IllegalStateException("the Fabric8 mock no longer reports its write lock");
    }
  }

  @Override
  protected void locked(Lock lock) {
    if (storageWriteLock == null && lock instanceof ReentrantReadWriteLock.WriteLock) {
      storageWriteLock = lock;
    }
  }

  public ResourceCatalog catalog() {
    return catalog;
  }

  public void podLogs(PodLogSource source) {
    this.podLogs = source;
  }

  /** The tokens this server knows, for TokenReviews and SubjectAccessReviews. */
  public Identities identities() {
    return identities;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    try {
      return withContentType(route(request));
    } catch (ApiException e) {
      return json(e.code(), e.toStatus());
    } catch (RuntimeException e) {
      LOG.warn("{} failed", request, e);
      return json(500, ApiException.status(500, "InternalError", e.toString(), null, null, null));
    }
  }

  private MockResponse route(RecordedRequest request) throws ApiException {
    ApiPath path = ApiPath.parse(request.getPath());
    HttpMethod method = request.method();
    // kubectl's imperative "create <type>" commands send protobuf, and kubectl 1.32 does not
    // fall back to JSON on a 415; the message tells the user what works instead.
    if (Patches.mediaType(request.getHeader("Content-Type")).equals(PROTOBUF)) {
      throw ApiException.unsupportedMediaType(
          "this test API server reads JSON only, not protobuf: use kubectl apply -f (or create"
              + " -f) with a manifest instead of kubectl create <type>");
    }
    if (method == HttpMethod.POST && AccessReviews.serves(path)) {
      return json(201, AccessReviews.answer(path, request));
    }
    if (method == HttpMethod.POST && Identities.serves(path)) {
      return json(201, identities.answer(path, request, this::stored));
    }
    if (method == HttpMethod.GET && OpenApiV3.serves(path)) {
      return openApi.answer(path);
    }
    if (method == HttpMethod.GET) {
      JsonNode document = discovery.document(path);
      if (document != null) {
        return json(200, document);
      }
      if (path.path().matches("/(healthz|livez|readyz)(/.*)?")) {
        return new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "text/plain")
            .setBody("ok");
      }
    }
    if (!path.isResource()) {
      throw ApiException.noSuchPath();
    }
    ResourceType type =
        catalog
            .find(path.group(), path.version(), path.plural())
            .orElseThrow(ApiException::noSuchPath);
    checkScope(type, path, method);
    if (path.subresource() != null
        && (path.name() == null || !type.hasSubresource(path.subresource()))) {
      throw ApiException.noSuchPath();
    }
    if ("scale".equals(path.subresource())) {
      return locked(() -> scale(request, path, type));
    }
    if ("log".equals(path.subresource())) {
      return log(path);
    }
    return switch (method) {
      case GET -> get(request, path, type);
      case POST -> locked(() -> create(request, path, type));
      case PUT -> locked(() -> update(request, path, type));
      case PATCH -> locked(() -> patch(request, path, type));
      case DELETE -> locked(() -> delete(request, path, type));
      default -> throw ApiException.methodNotAllowed(method + " is not supported");
    };
  }

  /** A stored object or list by its API path; an empty object when there is none. */
  private JsonNode stored(String apiPath) {
    MockResponse response =
        ApiPath.parse(apiPath).name() == null ? super.handleGet(apiPath) : getObject(apiPath);
    return response.code() == 200
        ? KubeJson.parseStored(response.getBody().readUtf8())
        : KubeJson.parseStored("{}");
  }

  // A namespaced object is only reachable in its namespace; a cluster-scoped one never is.
  private static void checkScope(ResourceType type, ApiPath path, HttpMethod method)
      throws ApiException {
    boolean needsNamespace = path.name() != null || method == HttpMethod.POST;
    if (type.namespaced() ? needsNamespace && path.namespace() == null : path.namespace() != null) {
      throw ApiException.noSuchPath();
    }
  }

  private MockResponse get(RecordedRequest request, ApiPath path, ResourceType type)
      throws ApiException {
    String watch = path.param("watch");
    boolean watching = "true".equals(watch) || "1".equals(watch);
    if (watching && !isWebSocket(request)) {
      boolean table = TableView.requested(request.getHeader("Accept"));
      return locked(() -> watchOverHttp(path, type, table));
    }
    MockResponse response =
        path.name() == null || watching
            ? super.handleGet(request.getPath())
            : getObject(request.getPath());
    if (response.code() != 200) {
      return notFoundWithStatus(response, path, type);
    }
    JsonNode body = KubeJson.parseStored(response.getBody().readUtf8());
    if (TableView.requested(request.getHeader("Accept")) && path.subresource() == null) {
      List<JsonNode> objects = new ArrayList<>();
      if (path.name() == null) {
        body.path("items").forEach(objects::add);
      } else {
        objects.add(body);
      }
      String version = body.path("metadata").path("resourceVersion").asText("");
      ObjectNode table =
          TableView.of(type, objects, version, path.param("includeObject"), Instant.now());
      return json(200, table).setHeader("Content-Type", TableView.MEDIA_TYPE);
    }
    if (path.name() == null) {
      // The mock answers every list as kind "List"; typed clients (kubectl logs job/x, for one)
      // decode only e.g. "PodList" and see nothing in anything else.
      ((ObjectNode) body).put("apiVersion", type.apiVersion()).put("kind", type.kind() + "List");
    }
    return json(200, body);
  }

  // Streamed by ControlPlaneWebServer; the mock's own watches are WebSocket only.
  private MockResponse watchOverHttp(ApiPath path, ResourceType type, boolean table)
      throws ApiException {
    HttpWatch watch =
        httpWatches.open(
            type,
            path,
            table,
            () -> {
              List<JsonNode> current = new ArrayList<>();
              KubeJson.parseStored(super.handleGet(path.collectionPath()).getBody().readUtf8())
                  .path("items")
                  .forEach(current::add);
              return current;
            });
    String timeout = path.param("timeoutSeconds");
    return new WatchResponse(watch, timeout == null ? 0 : Long.parseLong(timeout));
  }

  // What the mock answers for one object, found through the index instead of a scan.
  private MockResponse getObject(String objectPath) {
    Map.Entry<AttributeSet, String> entry = findResource(getKey(objectPath));
    return entry == null
        ? new MockResponse().setResponseCode(404)
        : new MockResponse().setResponseCode(200).setBody(entry.getValue());
  }

  private static boolean isWebSocket(RecordedRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private MockResponse create(RecordedRequest request, ApiPath path, ResourceType type)
      throws ApiException {
    if (path.name() != null) {
      throw ApiException.methodNotAllowed("POST is not supported on an object");
    }
    JsonNode body = KubeJson.parse(request.getUtf8Body());
    checkTypeOf(body, type);
    String name = body.path("metadata").path("name").asText("");
    if (!name.isEmpty()
        && find(ApiPath.of(type.group(), type.version(), path.namespace(), type.plural(), name))
            != null) {
      throw ApiException.alreadyExists(type.group(), type.plural(), name);
    }
    return createObject(path, type, body, FieldValidation.Write.DECODE);
  }

  // kubectl diff and --dry-run=server ask with dryRun=All: answer, but store nothing.
  private static boolean dryRun(ApiPath path) {
    return "All".equals(path.param("dryRun"));
  }

  private MockResponse createObject(
      ApiPath path, ResourceType type, JsonNode body, FieldValidation.Write write)
      throws ApiException {
    List<String> warnings = FieldValidation.check(type, path, body, null, write);
    SchemaDefaults.apply(type.schema(), body);
    SchemaValidation.check(type, body);
    if (dryRun(path)) {
      if (type.namespaced()) {
        KubeJson.objectAt((ObjectNode) body, "metadata").put("namespace", path.namespace());
      }
      return withWarnings(json(201, body), warnings);
    }
    return withWarnings(
        super.handleCreate(request(HttpMethod.POST, path.collectionPath(), body)), warnings);
  }

  private static MockResponse withWarnings(MockResponse response, List<String> warnings) {
    warnings.forEach(
        warning -> response.addHeader("Warning", FieldValidation.warningHeader(warning)));
    return response;
  }

  private MockResponse update(RecordedRequest request, ApiPath path, ResourceType type)
      throws ApiException {
    JsonNode body = KubeJson.parse(request.getUtf8Body());
    checkTypeOf(body, type);
    ObjectNode current = current(path, type);
    // A client that leaves managedFields out keeps the recorded ones, as on a real server.
    if (body.isObject() && !body.path("metadata").has("managedFields")) {
      JsonNode managed = current.path("metadata").path("managedFields");
      if (managed.isArray()) {
        KubeJson.objectAt((ObjectNode) body, "metadata").set("managedFields", managed);
      }
    }
    return store(path, type, body, current, FieldValidation.Write.DECODE);
  }

  private MockResponse patch(RecordedRequest request, ApiPath path, ResourceType type)
      throws ApiException {
    String mediaType = Patches.mediaType(request.getHeader("Content-Type"));
    boolean status = "status".equals(path.subresource());
    if (mediaType.equals(Patches.APPLY_PATCH)) {
      JsonNode config = KubeJson.parseYaml(request.getUtf8Body());
      checkTypeOf(config, type);
      ObjectNode current = find(path.objectPath());
      if (current == null && status) {
        throw ApiException.notFound(type.group(), type.plural(), path.name());
      }
      ObjectNode applied =
          ServerSideApply.apply(type, current, config, path.param("fieldManager"), status);
      if (current == null) {
        checkName(applied, path);
        return createObject(path, type, applied, FieldValidation.Write.PATCH);
      }
      return store(path, type, applied, current, FieldValidation.Write.PATCH);
    }
    ObjectNode current = current(path, type);
    JsonNode patched =
        Patches.apply(mediaType, current, request.getUtf8Body(), !catalog.isBuiltIn(type));
    return store(path, type, patched, current, FieldValidation.Write.PATCH);
  }

  private MockResponse delete(RecordedRequest request, ApiPath path, ResourceType type)
      throws ApiException {
    // DeleteOptions come in the body (kubectl) or the query string.
    String body = request.getUtf8Body();
    JsonNode options = body == null || body.isBlank() ? KubeJson.object() : KubeJson.parse(body);
    String policy = path.param("propagationPolicy");
    if (policy == null) {
      policy = options.path("propagationPolicy").asText(null);
    }
    boolean dryRun = dryRun(path) || options.path("dryRun").toString().contains("\"All\"");
    if (dryRun) {
      return path.name() == null
          ? super.handleGet(request.getPath())
          : json(200, current(path, type));
    }
    orphaning.set("Orphan".equals(policy) || "true".equals(path.param("orphanDependents")));
    try {
      return notFoundWithStatus(super.handleDelete(request.getPath()), path, type);
    } finally {
      orphaning.remove();
    }
  }

  private MockResponse scale(RecordedRequest request, ApiPath path, ResourceType type)
      throws ApiException {
    ObjectNode current = current(path, type);
    if (request.method() == HttpMethod.GET) {
      return json(200, ScaleSubresource.read(type, current));
    }
    JsonNode scale;
    if (request.method() == HttpMethod.PUT) {
      scale = KubeJson.parse(request.getUtf8Body());
    } else if (request.method() == HttpMethod.PATCH) {
      scale =
          Patches.apply(
              Patches.mediaType(request.getHeader("Content-Type")),
              ScaleSubresource.read(type, current),
              request.getUtf8Body(),
              false);
    } else {
      throw ApiException.methodNotAllowed(request.method() + " is not supported on scale");
    }
    ObjectNode updated = ScaleSubresource.write(type, current, scale);
    ObjectNode stored = replace(path, type, updated, current, false);
    return json(200, ScaleSubresource.read(type, stored));
  }

  private MockResponse log(ApiPath path) throws ApiException {
    if (find(path.objectPath()) == null) {
      throw ApiException.notFound("", "pods", path.name());
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/plain")
        .setBody(PodLogs.read(podLogs, path));
  }

  // Stores a full object sent to the object or to its /status, and answers as a real PUT does.
  private MockResponse store(
      ApiPath path,
      ResourceType type,
      JsonNode object,
      ObjectNode current,
      FieldValidation.Write write)
      throws ApiException {
    List<String> warnings = FieldValidation.check(type, path, object, current, write);
    ObjectNode stored = replace(path, type, object, current, "status".equals(path.subresource()));
    return withWarnings(json(200, stored), warnings);
  }

  private ObjectNode replace(
      ApiPath path, ResourceType type, JsonNode object, ObjectNode current, boolean statusEndpoint)
      throws ApiException {
    checkName(object, path);
    String expected = object.path("metadata").path("resourceVersion").asText("");
    if (!expected.isEmpty()
        && !expected.equals(current.path("metadata").path("resourceVersion").asText())) {
      throw ApiException.conflict(type.qualifiedName(), path.name());
    }
    JsonNode defaulted = object.deepCopy();
    SchemaDefaults.apply(type.schema(), defaulted);
    if (!statusEndpoint) {
      SchemaValidation.check(type, defaulted);
    }
    ObjectNode updated =
        Replacement.of(
            current, defaulted, statusEndpoint, type.hasStatus(), this::requestResourceVersion);
    String objectPath = path.objectPath();
    AttributeSet key = getKey(objectPath);
    AttributeSet storedKey = findResource(key).getKey();
    if (dryRun(path)) {
      return updated;
    } else if (Replacement.isReleased(updated)) {
      processEvent(objectPath, key, storedKey, null, null);
    } else if (!updated.equals(current)) {
      processEvent(objectPath, key, storedKey, null, KubeJson.write(updated));
    }
    return updated;
  }

  private static void checkName(JsonNode object, ApiPath path) throws ApiException {
    String name = object.path("metadata").path("name").asText("");
    if (!name.isEmpty() && !name.equals(path.name())) {
      throw mismatch("name of the object", name, "name on the URL", path.name());
    }
  }

  private static void checkTypeOf(JsonNode body, ResourceType type) throws ApiException {
    String apiVersion = body.path("apiVersion").asText("");
    String kind = body.path("kind").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw mismatch(
          "API version in the data", apiVersion, "expected API version", type.apiVersion());
    }
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw mismatch("kind in the data", kind, "expected kind", type.kind());
    }
  }

  private static ApiException mismatch(String what, String value, String expected, String wanted) {
    return ApiException.badRequest(
        "the %s (%s) does not match the %s (%s)".formatted(what, value, expected, wanted));
  }

  private ObjectNode current(ApiPath path, ResourceType type) throws ApiException {
    ObjectNode current = find(path.objectPath());
    if (current == null) {
      throw ApiException.notFound(type.group(), type.plural(), path.name());
    }
    return current;
  }

  private ObjectNode find(String objectPath) {
    Map.Entry<AttributeSet, String> entry = findResource(getKey(objectPath));
    return entry == null ? null : (ObjectNode) KubeJson.parseStored(entry.getValue());
  }

  @Override
  public boolean isStatusSubresourceEnabledForResource(String path) {
    ApiPath parsed = ApiPath.parse(path);
    return parsed.isResource()
        && catalog
            .find(parsed.group(), parsed.version(), parsed.plural())
            .map(ResourceType::hasStatus)
            .orElse(false);
  }

  /** One object by name from the index; anything else (a list, a selector) by the mock's scan. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    String name = NamedObjects.nameIn(query);
    if (name == null) {
      return super.findResource(query);
    }
    storageWriteLock.lock();
    try {
      for (AttributeSet key : named.keysNamed(name)) {
        if (key.matches(query)) {
          return Map.entry(key, getMap().get(key));
        }
      }
      return null;
    } finally {
      storageWriteLock.unlock();
    }
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    ApiPath parsed = ApiPath.parse(path);
    String previous = oldAttributes == null ? null : getMap().get(oldAttributes);
    String stored = newState;
    JsonNode storedObject = null;
    if (newState != null && parsed.isResource()) {
      JsonNode object = KubeJson.parseStored(newState);
      JsonNode completed =
          StorageDefaults.complete(
              parsed.plural(),
              parsed.group(),
              previous == null ? null : KubeJson.parseStored(previous),
              object);
      if (completed != object) {
        stored = KubeJson.write(completed);
        resource = null; // the mock then reads the attributes from the stored JSON
      }
      storedObject = completed;
    }
    AttributeSet storedKey = stored == null ? null : named.keyOf(pathAttributes, resource, stored);
    super.processEvent(path, pathAttributes, oldAttributes, resource, stored);
    if (storedKey != null && getMap().get(storedKey) != stored) {
      throw new IllegalStateException("the Fabric8 mock no longer keys objects as NamedObjects");
    }
    named.moved(oldAttributes, storedKey);
    if (previous != null && stored == null) {
      ObjectNode gone = (ObjectNode) KubeJson.parseStored(previous);
      // A real server gives a deletion a resource version of its own; watches resume after it.
      KubeJson.objectAt(gone, "metadata")
          .put("resourceVersion", String.valueOf(requestResourceVersion()));
      httpWatches.record(parsed, "DELETED", gone);
      removed(gone);
    } else if (storedObject != null) {
      httpWatches.record(parsed, previous == null ? "ADDED" : "MODIFIED", storedObject);
      if (isCrd(parsed)) {
        catalog.crdStored(storedObject.path("metadata").path("name").asText(), storedObject);
      }
    }
  }

  private void removed(JsonNode object) {
    List<String> garbage =
        orphaning.get()
            ? List.of()
            : collector.garbageOf(object, new ArrayList<>(getMap().values()));
    if (object.path("kind").asText().equals("CustomResourceDefinition")) {
      catalog.crdStored(object.path("metadata").path("name").asText(), null);
    }
    garbage.forEach(this::handleDelete);
  }

  private static boolean isCrd(ApiPath path) {
    return "apiextensions.k8s.io".equals(path.group())
        && "customresourcedefinitions".equals(path.plural());
  }

  private MockResponse notFoundWithStatus(MockResponse response, ApiPath path, ResourceType type) {
    if (response.code() == 404 && path.name() != null) {
      return json(404, ApiException.notFound(type.group(), type.plural(), path.name()).toStatus());
    }
    return response;
  }

  private interface Write {
    MockResponse run() throws ApiException;
  }

  private MockResponse locked(Write write) throws ApiException {
    storageWriteLock.lock();
    try {
      return write.run();
    } finally {
      storageWriteLock.unlock();
    }
  }

  private static RecordedRequest request(HttpMethod method, String path, JsonNode body) {
    Headers headers = Headers.builder().add("Content-Type", JsonResponses.JSON).build();
    byte[] bytes = KubeJson.write(body).getBytes(StandardCharsets.UTF_8);
    return new RecordedRequest("HTTP/1.1", method, path, headers, new Buffer(bytes));
  }

  private static MockResponse json(int code, JsonNode body) {
    return JsonResponses.json(code, body);
  }

  private static MockResponse withContentType(MockResponse response) {
    if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
      response.setHeader("Content-Type", JsonResponses.JSON);
    }
    return response;
  }
}
