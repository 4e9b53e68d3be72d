package io.shadowflow.engine.checkpoint;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** A pooled connection to PostgreSQL with the engine's schema migrated by Flyway. */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final DatabaseConfig config;

  private Database(HikariDataSource dataSource, DatabaseConfig config) {
    this.dataSource = dataSource;
    this.config = config;
  }

  /** Connects, creates the schema if needed and migrates it. */
  public static Database connect(DatabaseConfig config) {
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
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(config.jdbcUrl());
    pool.setUsername(config.user());
    pool.setPassword(config.password());
    pool.setSchema(config.schema());
    pool.setMaximumPoolSize(config.poolSize());
    pool.setPoolName("shadowflow-" + config.schema());
    pool.setConnectionTimeout(10_000);
    return new Database(new HikariDataSource(pool), config);
  }

  private static void migrate(DatabaseConfig config) {
    Flyway.configure()
        .dataSource(config.jdbcUrl(), config.user(), config.password())
        .schemas(config.schema())
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
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
