package io.shadowflow.e2e.bench;

import io.shadowflow.engine.checkpoint.DatabaseConfig;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A schema of the test PostgreSQL that no one else uses, dropped when the benchmark ends. */
final class BenchSchema implements AutoCloseable {
  private final DatabaseConfig config = TestDatabase.freshConfig();

  /** The operator's database settings, on this schema. */
  DatabaseConfig config() {
    return config;
  }

  @Override
  public void close() throws SQLException {
    try (var connection = DriverManager.getConnection(TestDatabase.JDBC_URL)) {
      connection.createStatement().execute("DROP SCHEMA IF EXISTS " + config.schema() + " CASCADE");
    }
  }
}
