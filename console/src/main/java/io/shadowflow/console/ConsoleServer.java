package io.shadowflow.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.shadowflow.engine.json.Json;
import java.net.URI;
import javax.sql.DataSource;

/**
 * The console's web server: the API under {@code /api/v1} and the pages, which ship inside this
 * jar. Read-only (no write endpoint exists), no cross-origin access, and a Content-Security-Policy
 * that lets a page load only this server's own scripts and styles.
 */
public final class ConsoleServer implements AutoCloseable {
  /** Only this server's own files; no inline script, no frame, no other origin. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  private final Javalin app;
  private final String host;

  private ConsoleServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /** Starts serving on {@code host}:{@code port} (0 picks a free port). */
  public static ConsoleServer start(
      DataSource dataSource,
      NamespaceAccess access,
      ConsoleSettings settings,
      String host,
      int port) {
    ConsoleApi api = new ConsoleApi(dataSource, access, settings);
    ObjectMapper mapper =
        Json.MAPPER
            .copy()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    Javalin app =
        Javalin.create(
            config -> {
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/io/shadowflow/console/web";
                    files.location = Location.CLASSPATH;
                  });
              config.jetty.host = host;
              config.jetty.port = port;
              config.startup.showJavalinBanner = false;
              config.routes.before(ConsoleServer::secure);
              ApiErrors.register(config.routes);
              api.register(config.routes);
            });
    return new ConsoleServer(app.start(), host);
  }

  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  /** Where the pages are, e.g. {@code http://127.0.0.1:7070/}. */
  public URI uri() {
    return URI.create("http://" + host + ":" + app.port() + "/");
  }

  @Override
  public void close() {
    app.stop();
  }
}
