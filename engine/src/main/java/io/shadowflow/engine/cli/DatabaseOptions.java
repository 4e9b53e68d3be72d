package io.shadowflow.engine.cli;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.checkpoint.EmbeddedDatabase;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where checkpoints go: an existing server, or an embedded one under the state folder. */
public final class DatabaseOptions {
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
      names = "--migrate",
      negatable = true,
      defaultValue = "${env:SHADOWFLOW_DB_MIGRATE:-true}",
      fallbackValue = "true",
      description =
          "Create or migrate the schema before use (env SHADOWFLOW_DB_MIGRATE). Engine pods get"
              + " --no-migrate: the operator owns the schema. Default: ${DEFAULT-VALUE}.")
  boolean migrate;

  @Option(
      names = "--state-dir",
      defaultValue = ".shadowflow",
      description = "Folder of the embedded database. Default: ${DEFAULT-VALUE}.")
  Path stateDir;

  /** An open database and whatever must be closed with it. */
  public record Connection(Database database, EmbeddedDatabase embedded) implements AutoCloseable {
    @Override
    public void close() {
      database.close();
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** Opens the database, migrating it first unless {@code --no-migrate}. */
  public Connection open(int poolSize) {
    return open(poolSize, migrate);
  }

  /** Opens a database someone else migrated (what an engine pod's {@code execute} does). */
  Connection openExisting(int poolSize) {
    return open(poolSize, false);
  }

  private Connection open(int poolSize, boolean migrateFirst) {
    EmbeddedDatabase embedded = null;
    String url = jdbcUrl;
    if (url == null || url.isBlank()) {
      embedded = EmbeddedDatabase.start(stateDir.resolve("postgres"));
      url = embedded.jdbcUrl();
    }
    try {
      DatabaseConfig config = new DatabaseConfig(url, user, password, schema, poolSize);
      // An embedded database is always this process's own: it is migrated even on --no-migrate.
      boolean owner = migrateFirst || embedded != null;
      return new Connection(
          owner ? Database.connect(config) : Database.connectExisting(config), embedded);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }
}
