package io.shadowflow.console;

import io.javalin.http.Context;
import java.util.Set;

/**
 * Which namespaces a request's caller may read. Every read of the API is limited to them: a
 * namespace outside is not in lists, counts or search, as if it did not exist.
 */
@FunctionalInterface
public interface NamespaceAccess {
  /** What a reader reads: runs belong to Workflows, shadow runs to ShadowRuns. */
  enum Resource {
    WORKFLOWS("workflows"),
    SHADOW_RUNS("shadowruns");

    private final String plural;

    Resource(String plural) {
      this.plural = plural;
    }

    /** The custom resource's plural name, as RBAC rules name it. */
    public String plural() {
      return plural;
    }
  }

  /**
   * The namespaces whose {@code resource} the caller of {@code request} may {@code get}; empty when
   * none.
   *
   * @throws io.javalin.http.UnauthorizedResponse when the caller is not who they claim
   */
  Set<String> readable(Context request, Resource resource);
}
