package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.hash.Sha256;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Creates and drops the database role of one namespace: it logs in with a random password, is no
 * superuser, and is a member of the schema's tenant group, whose rights and row-level security
 * policies (migration V8) let it see only its namespace's rows. Called with the schema owner's
 * connection (the operator's), which needs CREATEROLE.
 */
public final class TenantRoles {
  private static final int MAX_ROLE_NAME = 63;
  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final DataSource owner;
  private final String schema;
  private final SecureRandom random = new SecureRandom();

  /** A namespace's login. */
  public record Credentials(String namespace, String role, String password) {
    @Override
    public String toString() {
      return "Credentials[namespace=" + namespace + ", role=" + role + "]";
    }
  }

  public TenantRoles(DataSource owner, String schema) {
    this.owner = owner;
    this.schema = schema;
  }

  /**
   * The role of {@code namespace}: named after the schema and the namespace (roles are
   * cluster-wide), readable, within PostgreSQL's 63 characters, and only of {@code [a-z0-9_]} so
   * it never needs quoting beyond what we add.
   */
  public String roleName(String namespace) {
    String digest = Sha256.hex(schema + "/" + namespace).substring(0, 10);
    String readable = namespace.toLowerCase().replaceAll("[^a-z0-9]", "_");
    String name = "sf_" + digest + "_" + readable;
    return name.length() <= MAX_ROLE_NAME ? name : name.substring(0, MAX_ROLE_NAME);
  }

  /** The role provisioned for {@code namespace}, if any. */
  public Optional<String> provisioned(String namespace) {
    try (Connection c = owner.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT role_name FROM " + table() + " WHERE namespace = ?")) {
      s.setString(1, namespace);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.of("reading the role of namespace " + namespace, e);
    }
  }

  /**
   * Creates the namespace's role, or gives an existing one a new password (its old Secret may be
   * lost), and records it as the namespace's.
   */
  public Credentials provision(String namespace) {
    String role = roleName(namespace);
    String password = password();
    try (Connection c = owner.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        String login =
            " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                + password
                + "'";
        s.execute(
            (roleExists(c, role) ? "ALTER ROLE " : "CREATE ROLE ") + quoted(role) + login);
        s.execute("GRANT " + quoted(groupName(c)) + " TO " + quoted(role));
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + table()
                  + " (namespace, role_name) VALUES (?, ?)"
                  + " ON CONFLICT (namespace) DO UPDATE SET role_name = excluded.role_name")) {
        s.setString(1, namespace);
        s.setString(2, role);
        s.executeUpdate();
      }
      c.commit();
      return new Credentials(namespace, role, password);
    } catch (SQLException e) {
      throw SqlFailures.of("provisioning the database role of namespace " + namespace, e);
    }
  }

  /** Drops the namespace's role and forgets it; nothing happens for a namespace without one. */
  public void remove(String namespace) {
    Optional<String> role = provisioned(namespace);
    if (role.isEmpty()) {
      return;
    }
    try (Connection c = owner.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement("DELETE FROM " + table() + " WHERE namespace = ?")) {
        s.setString(1, namespace);
        s.executeUpdate();
      }
      try (Statement s = c.createStatement()) {
        s.execute("DROP ROLE IF EXISTS " + quoted(role.get()));
      }
      c.commit();
    } catch (SQLException e) {
      throw SqlFailures.of("dropping the database role of namespace " + namespace, e);
    }
  }

  private String table() {
    return quoted(schema) + ".tenants";
  }

  private String groupName(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + quoted(schema) + ".tenant_group()")) {
      r.next();
      return r.getString(1);
    }
  }

  private static boolean roleExists(Connection c, String role) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      s.setString(1, role);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** 32 characters of 62: about 190 bits, and nothing that needs escaping in SQL or a URL. */
  private String password() {
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return password.toString();
  }
}
