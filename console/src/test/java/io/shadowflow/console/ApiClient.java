package io.shadowflow.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The console's API as the tests call it, over HTTP. */
final class ApiClient {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiClient() {}

  /** The answer to a GET of {@code path}, which must be 200. */
  static JsonNode json(ConsoleServer server, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = send(server, path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return Json.parse(response.body());
  }

  static HttpResponse<String> send(ConsoleServer server, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(ConsoleServer server, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(server.uri().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A run of {@code namespace}, read past the console: for runs the caller may not see. */
  static String runIdIn(Database database, String namespace) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT run_id FROM runs WHERE namespace = ? LIMIT 1")) {
      select.setString(1, namespace);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
