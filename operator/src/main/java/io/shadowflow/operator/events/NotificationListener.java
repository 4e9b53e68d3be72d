package io.shadowflow.operator.events;

import io.shadowflow.engine.checkpoint.CheckpointChannel;
import io.shadowflow.engine.checkpoint.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one dedicated connection that LISTENs on the checkpoint channel of the operator's schema
 * ({@link CheckpointChannel#of}) and hands every payload to a consumer. When the connection dies (a
 * database restart, a terminated backend) it reconnects with backoff and reports how long it was
 * deaf, so the caller can catch up on what it missed.
 */
public final class NotificationListener implements AutoCloseable {
  /** Application name of the listening backend, to find it in pg_stat_activity. */
  public static final String APPLICATION_NAME = "shadowflow-operator-listener";

  private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
  private static final int POLL_MILLIS = 500;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** What the listener tells its owner. */
  public interface Handler {
    void notified(String payload);

    /** Connected again after being deaf for about {@code gap}; notifications in it were lost. */
    void reconnected(Duration gap);
  }

  private final DatabaseConfig config;
  private final String channel;
  private final Handler handler;
  private final Consumer<Boolean> connectedGauge;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile Connection current;
  private volatile int backendPid;

  public NotificationListener(DatabaseConfig config, Handler handler, Consumer<Boolean> connected) {
    this.config = config;
    this.channel = CheckpointChannel.of(config.schema());
    this.handler = handler;
    this.connectedGauge = connected;
    this.thread = new Thread(this::loop, "shadowflow-notification-listener");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public boolean connected() {
    return connected;
  }

  /** Process id of the listening backend in PostgreSQL, for pg_stat_activity. */
  public int backendPid() {
    return backendPid;
  }

  private void loop() {
    long lastAlive = 0;
    Duration backoff = Duration.ofMillis(250);
    while (running) {
      try (Connection connection = connect()) {
        current = connection;
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + channel);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        backendPid = pg.getBackendPID();
        setConnected(true);
        log.info("listening on {} as backend {}", channel, backendPid);
        backoff = Duration.ofMillis(250);
        if (lastAlive != 0) {
          Duration gap = Duration.ofNanos(System.nanoTime() - lastAlive);
          log.info("listening on {} again after {} ms", channel, gap.toMillis());
          handler.reconnected(gap);
        }
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          lastAlive = System.nanoTime();
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              handler.notified(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        setConnected(false);
        if (running) {
          log.warn(
              "lost the {} listener connection ({}); reconnecting in {} ms",
              channel,
              e.getMessage(),
              backoff.toMillis());
          if (lastAlive == 0) {
            lastAlive = System.nanoTime();
          }
          sleep(backoff);
          backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
        }
      } catch (RuntimeException e) {
        // A handler bug must not end the only listening thread.
        log.error("checkpoint notification handler failed", e);
      }
    }
    setConnected(false);
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (config.user() != null) {
      properties.setProperty("user", config.user());
    }
    if (config.password() != null) {
      properties.setProperty("password", config.password());
    }
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("tcpKeepAlive", "true");
    return DriverManager.getConnection(config.jdbcUrl(), properties);
  }

  private void setConnected(boolean value) {
    connected = value;
    connectedGauge.accept(value);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    Connection connection = current;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the listener connection", e);
      }
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
