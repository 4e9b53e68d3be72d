package io.shadowflow.certify;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.TenantRoles;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A certification killed while item 19 held its faults leaves nothing for the next one to trip on.
 */
class DatabaseFaultsTest {
  private static final String NAMESPACE = "shadowflow-certify";

  @Test
  void theNextCertificationLiftsTheFaultsAKilledOneLeftOnTheRole() throws SQLException {
    try (Database database = TestDatabase.fresh()) {
      TenantRoles roles = new TenantRoles(database.dataSource(), database.config().schema());
      String role = roles.provision(NAMESPACE).role();
      try (Connection c = database.dataSource().getConnection();
          Statement s = c.createStatement()) {
        // What item 19 sets, and a SIGKILL of the certification never undid.
        s.execute("ALTER ROLE " + role + " CONNECTION LIMIT 0");
        s.execute("ALTER ROLE " + role + " SET statement_timeout = '1s'");
      }

      DatabaseFaults.lift(database.config(), NAMESPACE);

      try (Connection c = database.dataSource().getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT rolconnlimit, rolconfig FROM pg_roles WHERE rolname = ?")) {
        s.setString(1, role);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          assertThat(r.getInt(1)).isEqualTo(-1);
          assertThat(r.getObject(2)).isNull();
        }
      } finally {
        roles.remove(NAMESPACE);
      }
    }
  }
}
