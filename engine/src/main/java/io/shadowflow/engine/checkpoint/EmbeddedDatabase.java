package io.shadowflow.engine.checkpoint;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of our own, for laptops and the CLI's default: the same SQL dialect as
 * production, with its data folder kept between invocations so an interrupted run resumes.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server on a free loopback port over the data folder {@code dataDir}. */
  public static EmbeddedDatabase start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      stopOrphanedServer(dataDir);
      return new EmbeddedDatabase(durableServer(dataDir).start());
    } catch (IOException | UncheckedIOException e) {
      throw new WorkflowFailure(
          FailureCode.DATABASE_UNAVAILABLE,
          "cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * A server over {@code dataDir} (kept between starts) that keeps every commit it acknowledged:
   * the embedded server's defaults turn synchronous_commit off, and a PostgreSQL killed then loses
   * the last commits a run was told were durable.
   */
  public static EmbeddedPostgres.Builder durableServer(Path dataDir) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", "on");
  }

  /**
   * A shadowflow killed with SIGKILL leaves its server running, holding the data folder. Its parent
   * is gone, so nobody else uses it: stop it (fast shutdown keeps every commit).
   */
  private static void stopOrphanedServer(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    Optional<ProcessHandle> server = ProcessHandle.of(pid);
    if (server.isEmpty()) {
      return; // a stale pid file: PostgreSQL handles it itself
    }
    Optional<ProcessHandle> parent = server.get().parent().filter(ProcessHandle::isAlive);
    if (parent.isPresent() && parent.get().pid() != 1) {
      throw new IOException("another shadowflow (pid " + parent.get().pid() + ") is using it");
    }
    server.get().destroy();
    server.get().onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(timeout -> null).join();
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
