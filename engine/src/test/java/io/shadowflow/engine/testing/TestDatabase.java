package io.shadowflow.engine.testing;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The real PostgreSQL the tests talk to ({@code SHADOWFLOW_TEST_JDBC_URL}, set by scripts/test.sh),
 * with a fresh schema per use so tests never see each other's rows.
 */
public final class TestDatabase {
  public static final String JDBC_URL =
      System.getenv()
          .getOrDefault(
              "SHADOWFLOW_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private TestDatabase() {}

  /** The test database's URL without the owner's user, so that a tenant's login is the one used. */
  public static String urlWithoutUser() {
    int query = JDBC_URL.indexOf('?');
    return query < 0 ? JDBC_URL : JDBC_URL.substring(0, query);
  }

  /** A config for a schema no other test uses. */
  public static DatabaseConfig freshConfig() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return DatabaseConfig.of(JDBC_URL).withSchema(schema).withPoolSize(8);
  }

  /** Whether {@code schema} exists in the test database. */
  public static boolean schemaExists(String schema) {
    try (Connection c = DriverManager.getConnection(JDBC_URL);
        PreparedStatement s =
            c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A migrated database in a fresh schema. */
  public static Database fresh() {
    return Database.connect(freshConfig());
  }
}
