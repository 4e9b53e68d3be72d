package io.shadowflow.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures into JSON answers a client can show: what was wrong and, for bad input, the
 * parameter and the fix (the engine's messages start with the field they are about).
 */
final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  static void register(RoutesConfig routes) {
    routes.exception(
        IllegalArgumentException.class,
        (e, ctx) -> answer(ctx, HttpStatus.BAD_REQUEST, e.getMessage(), null));
    routes.exception(
        IllegalStateException.class,
        (e, ctx) -> answer(ctx, HttpStatus.CONFLICT, e.getMessage(), null));
    routes.exception(
        NotFound.class, (e, ctx) -> answer(ctx, HttpStatus.NOT_FOUND, e.getMessage(), null));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> answer(ctx, HttpStatus.forStatus(e.getStatus()), e.getMessage(), null));
    routes.exception(
        WorkflowFailure.class,
        (e, ctx) -> {
          LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
          answer(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), e.code().name());
        });
  }

  private static void answer(Context ctx, HttpStatus status, String message, String code) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", message);
    if (code != null) {
      body.put("code", code);
    }
    ctx.status(status).json(body);
  }

  /** Something the caller asked for does not exist, or not for them: the same answer for both. */
  static final class NotFound extends RuntimeException {
    NotFound(String what) {
      super(what + " not found");
    }
  }
}
