package io.shadowflow.engine.testing;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.PostgresCheckpointStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A checkpoint store on the real PostgreSQL in a fresh schema for each test:
 * {@code @RegisterExtension final PostgresStore postgres = new PostgresStore();}.
 */
public final class PostgresStore implements BeforeEachCallback, AfterEachCallback {
  private Database database;
  private PostgresCheckpointStore store;

  @Override
  public void beforeEach(ExtensionContext context) {
    database = TestDatabase.fresh();
    store = new PostgresCheckpointStore(database.dataSource());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    database.close();
  }

  public Database database() {
    return database;
  }

  public PostgresCheckpointStore store() {
    return store;
  }
}
