package io.shadowflow.console;

import io.javalin.http.Context;
import java.util.Set;

/**
 * Which namespaces a request's caller may read. Every read of the API is limited to them: a
 * namespace outside is not in lists, counts or search, as if it did not exist.
 */
@FunctionalInterface
public interface NamespaceAccess {
  /**
   * The namespaces the caller of {@code request} may read; empty when none.
   *
   * @throws io.javalin.http.UnauthorizedResponse when the caller is not who they claim
   */
  Set<String> readable(Context request);
}
