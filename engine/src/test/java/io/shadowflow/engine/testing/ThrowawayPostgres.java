package io.shadowflow.engine.testing;

import io.shadowflow.engine.checkpoint.EmbeddedDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, on its own port and data folder, that the test may crash
 * with SIGKILL (postmaster and backends at once, as a lost node would) and start again over the
 * same data: crash recovery then decides what survived. Never the machine's server.
 */
public final class ThrowawayPostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres server;

  private ThrowawayPostgres(Path dataDir, int port, EmbeddedPostgres server) {
    this.dataDir = dataDir;
    this.port = port;
    this.server = server;
  }

  /** Creates a server over a new data folder {@code dataDir} on a free loopback port. */
  public static ThrowawayPostgres start(Path dataDir) {
    EmbeddedPostgres server = startServer(dataDir, 0);
    return new ThrowawayPostgres(dataDir, server.getPort(), server);
  }

  private static EmbeddedPostgres startServer(Path dataDir, int port) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedDatabase.durableServer(dataDir);
      return (port == 0 ? builder : builder.setPort(port)).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  /** SIGKILLs the postmaster and every backend, and waits until they are gone. */
  public void crash() {
    ProcessHandle postmaster = postmaster();
    List<ProcessHandle> all =
        Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList();
    all.forEach(ProcessHandle::destroyForcibly);
    all.forEach(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    try {
      server.close(); // its stop fails, the server being dead; this lets go of the data folder
    } catch (IOException alreadyDead) {
      // Nothing left to stop.
    }
  }

  /** Starts the server again over the same data and port, after {@link #crash}. */
  public void restart() {
    server = startServer(dataDir, port);
  }

  private ProcessHandle postmaster() {
    try {
      long pid =
          Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
