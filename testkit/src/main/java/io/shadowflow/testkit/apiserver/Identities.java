package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who a bearer token is, and what RBAC lets them do: the TokenReview and SubjectAccessReview APIs a
 * web front end (the console) asks on behalf of its callers. Tokens are issued by the test ({@link
 * #issue}); rules are the Roles, ClusterRoles and their bindings stored in this server, evaluated
 * as the real authorizer does for resource requests (verbs, API groups and resources, with {@code
 * *}; resource names and non-resource URLs are not evaluated). The server's own requests are not
 * authenticated.
 */
public final class Identities {
  private static final String AUTHENTICATION = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final String AUTHORIZATION = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record User(String name, List<String> groups) {}

  private final Map<String, User> tokens = new ConcurrentHashMap<>();

  /** A new bearer token for {@code user}, member of {@code groups}. */
  public String issue(String user, String... groups) {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    tokens.put(token, new User(user, List.of(groups)));
    return token;
  }

  static boolean serves(ApiPath path) {
    return path.path().equals(AUTHENTICATION) || path.path().equals(AUTHORIZATION);
  }

  /**
   * The review the caller sent with its status filled in.
   *
   * @param stored lists stored objects by API path, e.g. the role bindings of a namespace
   */
  ObjectNode answer(ApiPath path, RecordedRequest request, Function<String, JsonNode> stored) {
    ObjectNode review = (ObjectNode) KubeJson.parseStored(request.getBody().readUtf8());
    return path.path().equals(AUTHENTICATION) ? authenticate(review) : authorize(review, stored);
  }

  private ObjectNode authenticate(ObjectNode review) {
    User user = tokens.get(review.path("spec").path("token").asText(""));
    ObjectNode status = review.putObject("status").put("authenticated", user != null);
    if (user != null) {
      ObjectNode info = status.putObject("user").put("username", user.name());
      ArrayNode groups = info.putArray("groups");
      user.groups().forEach(groups::add);
      groups.add("system:authenticated");
    } else {
      status.put("error", "token not issued by this server");
    }
    return review;
  }

  private static ObjectNode authorize(ObjectNode review, Function<String, JsonNode> stored) {
    JsonNode spec = review.path("spec");
    JsonNode attributes = spec.path("resourceAttributes");
    String namespace = attributes.path("namespace").asText("");
    List<JsonNode> bindings = new ArrayList<>();
    stored
        .apply("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings")
        .path("items")
        .forEach(bindings::add);
    if (!namespace.isEmpty()) {
      stored
          .apply("/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/rolebindings")
          .path("items")
          .forEach(bindings::add);
    }
    String grantedBy = null;
    for (JsonNode binding : bindings) {
      if (!bound(binding, spec)) {
        continue;
      }
      JsonNode ref = binding.path("roleRef");
      String rolePath =
          ref.path("kind").asText().equals("ClusterRole")
              ? "/apis/rbac.authorization.k8s.io/v1/clusterroles/" + ref.path("name").asText()
              : "/apis/rbac.authorization.k8s.io/v1/namespaces/"
                  + namespace
                  + "/roles/"
                  + ref.path("name").asText();
      for (JsonNode rule : stored.apply(rolePath).path("rules")) {
        if (allows(rule, attributes)) {
          grantedBy = binding.path("metadata").path("name").asText();
        }
      }
    }
    ObjectNode status = review.putObject("status").put("allowed", grantedBy != null);
    status.put(
        "reason",
        grantedBy != null ? "RBAC: allowed by binding " + grantedBy : "no RBAC rule allows it");
    return review;
  }

  private static boolean bound(JsonNode binding, JsonNode spec) {
    for (JsonNode subject : binding.path("subjects")) {
      String kind = subject.path("kind").asText();
      String name = subject.path("name").asText();
      boolean matches =
          switch (kind) {
            case "User" -> name.equals(spec.path("user").asText());
            case "Group" -> contains(spec.path("groups"), name);
            case "ServiceAccount" ->
                ("system:serviceaccount:" + subject.path("namespace").asText() + ":" + name)
                    .equals(spec.path("user").asText());
            default -> false;
          };
      if (matches) {
        return true;
      }
    }
    return false;
  }

  private static boolean allows(JsonNode rule, JsonNode attributes) {
    return matches(rule.path("verbs"), attributes.path("verb").asText())
        && matches(rule.path("apiGroups"), attributes.path("group").asText(""))
        && matches(rule.path("resources"), attributes.path("resource").asText());
  }

  private static boolean matches(JsonNode allowed, String value) {
    return contains(allowed, "*") || contains(allowed, value);
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode item : list) {
      if (item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
