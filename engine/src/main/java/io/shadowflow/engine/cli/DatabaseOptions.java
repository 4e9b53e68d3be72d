package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.EmbeddedDatabase;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where checkpoints go: an existing server, or an embedded one under the state folder. */
final class DatabaseOptions {
  @Option(
      names = "--jdbc-url",
      defaultValue = "${env:SHADOWFLOW_JDBC_URL}",
      description =
          "PostgreSQL to use (env SHADOWFLOW_JDBC_URL). Default: an embedded server in the state folder.")
  String jdbcUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:SHADOWFLOW_DB_USER}",
      description = "Database user (env SHADOWFLOW_DB_USER).")
  String user;

  @Option(
      names = "--db-password",
      defaultValue = "${env:SHADOWFLOW_DB_PASSWORD}",
      description = "Database password (env SHADOWFLOW_DB_PASSWORD).")
  String password;

  @Option(
      names = "--db-schema",
      defaultValue = DatabaseConfig.DEFAULT_SCHEMA,
      description = "Schema of the engine's tables. Default: ${DEFAULT-VALUE}.")
  String schema;

  @Option(
      names = "--state-dir",
      defaultValue = ".shadowflow",
      description = "Folder of the embedded database. Default: ${DEFAULT-VALUE}.")
  Path stateDir;

  /** An open database and whatever must be closed with it. */
  record Connection(Database database, EmbeddedDatabase embedded) implements AutoCloseable {
    @Override
    public void close() {
      database.close();
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  Connection open(int poolSize) {
    EmbeddedDatabase embedded = null;
    String url = jdbcUrl;
    if (url == null || url.isBlank()) {
      embedded = EmbeddedDatabase.start(stateDir.resolve("postgres"));
      url = embedded.jdbcUrl();
    }
    try {
      return new Connection(
          Database.connect(new DatabaseConfig(url, user, password, schema, poolSize)), embedded);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }
}
