package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.Locale;

/** Applies the PATCH bodies other than server-side apply to an object, as the API server does. */
final class Patches {
  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  private static final String ACCEPTED =
      "the body of the request was in an unknown format - accepted media types include: "
          + JSON_PATCH
          + ", "
          + MERGE_PATCH
          + ", "
          + APPLY_PATCH;

  private Patches() {}

  /** The media type of a request without its parameters, lower case; empty when absent. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The object after the patch. A strategic merge patch is treated as a JSON merge patch, which is
   * what it amounts to for every object this server stores except lists merged by key (those are
   * replaced); like a real server, it is refused for custom resources.
   */
  static JsonNode apply(String mediaType, JsonNode current, String body, boolean customResource)
      throws ApiException {
    switch (mediaType) {
      case JSON_PATCH -> {
        try {
          return JsonPatch.apply(KubeJson.parse(body), current);
        } catch (JsonPatchException | IllegalArgumentException e) {
          throw ApiException.invalid(
              null, null, null, "the JSON patch cannot be applied: " + e.getMessage());
        }
      }
      case MERGE_PATCH -> {
        return MergePatch.apply(current, KubeJson.parse(body));
      }
      case STRATEGIC_MERGE_PATCH -> {
        if (customResource) {
          throw ApiException.unsupportedMediaType(ACCEPTED);
        }
        return MergePatch.apply(current, KubeJson.parse(body));
      }
      default -> throw ApiException.unsupportedMediaType(ACCEPTED);
    }
  }
}
