package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /openapi/v3} and one document per group version served. kubectl needs a document for every
 * group version it writes to: it looks there for the PATCH operation's {@code fieldValidation}
 * parameter before it lets the server validate fields ({@link FieldValidation}), and fails
 * otherwise.
 *
 * <p>As on a real server, the index names each document with the hash of its content ({@code
 * ?hash=}), which kubectl's cache keeps for good; a stale hash is redirected to the current one.
 */
final class OpenApiV3 {
  private static final String PREFIX = "/openapi/v3";

  private final ResourceCatalog catalog;

  OpenApiV3(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  static boolean serves(ApiPath path) {
    return path.path().equals(PREFIX) || path.path().startsWith(PREFIX + "/");
  }

  MockResponse answer(ApiPath path) throws ApiException {
    Map<String, ObjectNode> documents = documents();
    String name = path.path().substring(PREFIX.length()).replaceFirst("^/", "");
    if (name.isEmpty()) {
      ObjectNode index = KubeJson.object();
      ObjectNode paths = index.putObject("paths");
      documents.forEach(
          (groupVersion, document) ->
              paths
                  .putObject(groupVersion)
                  .put("serverRelativeURL", url(groupVersion, hash(document))));
      return JsonResponses.json(200, index);
    }
    ObjectNode document = documents.get(name);
    if (document == null) {
      throw ApiException.noSuchPath();
    }
    String hash = hash(document);
    String asked = path.param("hash");
    if (asked == null) {
      return JsonResponses.json(200, document).setHeader("Etag", "\"" + hash + "\"");
    }
    if (!asked.equals(hash)) {
      return new MockResponse().setResponseCode(301).setHeader("Location", url(name, hash));
    }
    return JsonResponses.json(200, document)
        .setHeader("Etag", "\"" + hash + "\"")
        .setHeader("Cache-Control", "public, immutable");
  }

  // Group version ("apis/shadowflow.io/v1alpha1") -> its document.
  private Map<String, ObjectNode> documents() {
    Map<String, ObjectNode> documents = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> group : catalog.groupVersions().entrySet()) {
      for (String version : group.getValue()) {
        List<ResourceType> types = catalog.inGroupVersion(group.getKey(), version).toList();
        String name = (group.getKey().isEmpty() ? "api" : "apis/" + group.getKey()) + "/" + version;
        documents.put(name, OpenApiDocument.of(types));
      }
    }
    return documents;
  }

  private static String url(String groupVersion, String hash) {
    return PREFIX + "/" + groupVersion + "?hash=" + hash;
  }

  // A real server's hash: SHA-512 of the document, in upper-case hex.
  private static String hash(ObjectNode document) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-512")
              .digest(KubeJson.write(document).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
