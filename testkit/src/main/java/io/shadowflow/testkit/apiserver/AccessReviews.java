package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The answers to "what may I do?": this server has no authentication or RBAC, so every caller may
 * do everything, and the reviews say so. The Java Operator SDK asks a SelfSubjectRulesReview before
 * it runs for leader; {@code kubectl auth can-i} sends a SelfSubjectAccessReview.
 */
final class AccessReviews {
  private static final String PREFIX = "/apis/authorization.k8s.io/v1/";

  private AccessReviews() {}

  static boolean serves(ApiPath path) {
    return path.path().equals(PREFIX + "selfsubjectrulesreviews")
        || path.path().equals(PREFIX + "selfsubjectaccessreviews");
  }

  /** The review the caller sent, with its status filled in. */
  static ObjectNode answer(ApiPath path, RecordedRequest request) {
    ObjectNode review = (ObjectNode) KubeJson.parseStored(request.getBody().readUtf8());
    ObjectNode status = review.putObject("status");
    if (path.path().endsWith("selfsubjectrulesreviews")) {
      ObjectNode everything = status.putArray("resourceRules").addObject();
      everything.putArray("verbs").add("*");
      everything.putArray("apiGroups").add("*");
      everything.putArray("resources").add("*");
      ObjectNode anyPath = status.putArray("nonResourceRules").addObject();
      anyPath.putArray("verbs").add("*");
      anyPath.putArray("nonResourceURLs").add("*");
      status.put("incomplete", false);
    } else {
      status.put("allowed", true).put("reason", "this test API server allows everything");
    }
    return review;
  }
}
