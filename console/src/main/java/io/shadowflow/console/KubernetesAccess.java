package io.shadowflow.console;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import io.shadowflow.api.ApiGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Authorizes each request as its caller, the way the API server would: the bearer token is checked
 * with a TokenReview, then a SubjectAccessReview per namespace asks whether that user may {@code
 * get} the resource there. Answers are kept for a short while per token, so a page's burst of
 * requests costs one round of reviews; a revoked right is gone when that time is up.
 */
public final class KubernetesAccess implements NamespaceAccess {
  /** Most cached answers; past it, expired ones are dropped first, then all. */
  private static final int MAX_CACHED = 10_000;

  private record Answer(Set<String> namespaces, Instant until) {}

  private final KubernetesClient client;
  private final Supplier<Set<String>> namespaces;
  private final Duration keep;
  private final Clock clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  /**
   * @param namespaces the namespaces there is anything to read in (those with runs)
   * @param keep how long an answer stands for a token
   */
  public KubernetesAccess(
      KubernetesClient client, Supplier<Set<String>> namespaces, Duration keep, Clock clock) {
    this.client = client;
    this.namespaces = namespaces;
    this.keep = keep;
    this.clock = clock;
  }

  @Override
  public Set<String> readable(Context request, Resource resource) {
    String token = bearerToken(request);
    String key = sha256(token) + "/" + resource;
    Instant now = clock.instant();
    Answer cached = answers.get(key);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.namespaces();
    }
    UserInfo user = authenticate(token);
    Set<String> allowed = new TreeSet<>();
    for (String namespace : namespaces.get()) {
      if (mayGet(user, namespace, resource)) {
        allowed.add(namespace);
      }
    }
    remember(key, new Answer(Set.copyOf(allowed), now.plus(keep)), now);
    return allowed;
  }

  private static String bearerToken(Context request) {
    String header = request.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new UnauthorizedResponse(
          "Authorization: send your Kubernetes bearer token (kubectl create token NAME, or the"
              + " token of your kubeconfig)");
    }
    return header.substring(7).trim();
  }

  private UserInfo authenticate(String token) {
    TokenReview review =
        client
            .authentication()
            .v1()
            .tokenReviews()
            .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
      throw new UnauthorizedResponse(
          "Authorization: the cluster does not accept this token; get a fresh one");
    }
    return review.getStatus().getUser();
  }

  private boolean mayGet(UserInfo user, String namespace, Resource resource) {
    SubjectAccessReview review =
        client
            .authorization()
            .v1()
            .subjectAccessReview()
            .create(
                new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(user.getUsername())
                    .withGroups(user.getGroups())
                    .withUid(user.getUid())
                    .withExtra(user.getExtra())
                    .withNewResourceAttributes()
                    .withNamespace(namespace)
                    .withVerb("get")
                    .withGroup(ApiGroup.GROUP)
                    .withResource(resource.plural())
                    .endResourceAttributes()
                    .endSpec()
                    .build());
    return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
  }

  private void remember(String key, Answer answer, Instant now) {
    if (answers.size() >= MAX_CACHED) {
      answers.values().removeIf(a -> !now.isBefore(a.until()));
      if (answers.size() >= MAX_CACHED) {
        answers.clear();
      }
    }
    answers.put(key, answer);
  }

  /** Tokens are kept only as their hash: a heap dump shows no caller's credential. */
  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
