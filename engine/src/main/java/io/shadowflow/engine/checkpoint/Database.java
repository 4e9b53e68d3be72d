package io.shadowflow.engine.checkpoint;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * A pooled connection to PostgreSQL. The schema has one owner: the operator (or a local CLI run on
 * its own database) migrates it with {@link #connect}; engine pods use {@link #connectExisting},
 * which runs no DDL, so their per-namespace credentials need no right to change the schema.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final DatabaseConfig config;

  private Database(HikariDataSource dataSource, DatabaseConfig config) {
    this.dataSource = dataSource;
    this.config = config;
  }

  /** Connects, creates the schema if needed and migrates it. */
  public static Database connect(DatabaseConfig config) {
    migrateOrFail(config);
    return connectExisting(config);
  }

  /** Connects to a schema someone else migrated; runs no DDL. */
  public static Database connectExisting(DatabaseConfig config) {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(config.jdbcUrl());
    pool.setUsername(config.user());
    pool.setPassword(config.password());
    pool.setSchema(config.schema());
    pool.setMaximumPoolSize(config.poolSize());
    pool.setPoolName("shadowflow-" + config.schema());
    pool.setConnectionTimeout(10_000);
    try {
      return new Database(new HikariDataSource(pool), config);
    } catch (HikariPool.PoolInitializationException e) {
      throw unreachable(config, e);
    }
  }

  /**
   * The first connection failed: a catalog code (retried like any lost connection), not a crash. A
   * refused connection carries SQLState 08001; an error with no state of its own means the server
   * could not be reached either.
   */
  private static WorkflowFailure unreachable(DatabaseConfig config, RuntimeException e) {
    String action = "connecting to the database at " + withoutSecrets(config.jdbcUrl());
    SQLException sql = sqlCause(e);
    if (sql == null) {
      return new WorkflowFailure(
          FailureCode.DATABASE_UNAVAILABLE, action + " failed: " + e.getMessage(), e);
    }
    WorkflowFailure mapped = SqlFailures.of(action, sql);
    return mapped.code() == FailureCode.CHECKPOINT_WRITE_FAILED
        ? new WorkflowFailure(FailureCode.DATABASE_UNAVAILABLE, mapped.getMessage(), e)
        : mapped;
  }

  private static void migrateOrFail(DatabaseConfig config) {
    try {
      migrate(config);
    } catch (FlywayException e) {
      String action = "migrating the database at " + withoutSecrets(config.jdbcUrl());
      SQLException sql = sqlCause(e);
      if (sql != null) {
        throw SqlFailures.of(action, sql);
      }
      throw new WorkflowFailure(
          FailureCode.DB_SCHEMA_MISMATCH, action + " failed: " + e.getMessage(), e);
    }
  }

  private static void migrate(DatabaseConfig config) {
    flyway(config).migrate();
  }

  /**
   * Where the schema stands against this engine build's migrations: the version applied last (empty
   * for a schema never migrated) and the versions not applied yet. Changes nothing.
   */
  public static Migrations migrations(DatabaseConfig config) {
    MigrationInfoService info = flyway(config).info();
    return new Migrations(
        Optional.ofNullable(info.current()).map(m -> m.getVersion().toString()),
        Arrays.stream(info.pending()).map(m -> m.getVersion().toString()).toList());
  }

  /**
   * @see #migrations
   */
  public record Migrations(Optional<String> current, List<String> pending) {}

  private static Flyway flyway(DatabaseConfig config) {
    return Flyway.configure()
        .dataSource(config.jdbcUrl(), config.user(), config.password())
        .schemas(config.schema())
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load();
  }

  /** The database's own error behind Flyway's, which says what went wrong. */
  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /** The URL without its query, where passwords may hide. */
  static String withoutSecrets(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public DatabaseConfig config() {
    return config;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
