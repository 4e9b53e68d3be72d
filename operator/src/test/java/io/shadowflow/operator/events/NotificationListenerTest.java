package io.shadowflow.operator.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shadowflow.engine.checkpoint.CheckpointChannel;
import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationListenerTest {
  private final Database database = TestDatabase.fresh();
  private final List<String> payloads = new CopyOnWriteArrayList<>();
  private final List<Duration> reconnections = new CopyOnWriteArrayList<>();
  private final AtomicBoolean gauge = new AtomicBoolean();
  private final NotificationListener listener =
      new NotificationListener(
          database.config(),
          new NotificationListener.Handler() {
            @Override
            public void notified(String payload) {
              payloads.add(payload);
            }

            @Override
            public void reconnected(Duration gap) {
              reconnections.add(gap);
            }
          },
          gauge::set);

  @AfterEach
  void close() {
    listener.close();
    database.close();
  }

  private void notify(String payload) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, CheckpointChannel.of(database.config().schema()));
      notify.setString(2, payload);
      notify.execute();
    }
  }

  /** Terminates the listening backend, as a database restart would. */
  private boolean terminateListener() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
      kill.setInt(1, listener.backendPid());
      try (ResultSet killed = kill.executeQuery()) {
        killed.next();
        return killed.getBoolean(1);
      }
    }
  }

  @Test
  void deliversEveryNotificationOnTheCheckpointChannel() throws Exception {
    listener.start();
    await().until(listener::connected);
    notify("{\"n\":1}");
    notify("{\"n\":2}");
    // The channel is the database's: another build or a benchmark on it notifies there too.
    await()
        .untilAsserted(
            () ->
                assertThat(payloads)
                    .filteredOn(payload -> payload.startsWith("{\"n\":"))
                    .containsExactly("{\"n\":1}", "{\"n\":2}"));
    assertThat(gauge).isTrue();
  }

  @Test
  void reconnectsAfterItsBackendIsTerminatedAndReportsTheGap() throws Exception {
    listener.start();
    await().until(listener::connected);

    int before = listener.backendPid();
    assertThat(terminateListener()).isTrue();
    await().atMost(Duration.ofSeconds(20)).until(() -> !reconnections.isEmpty());
    await().until(listener::connected);

    notify("{\"after\":\"restart\"}");
    await().untilAsserted(() -> assertThat(payloads).contains("{\"after\":\"restart\"}"));
    assertThat(reconnections.get(0)).isLessThan(Duration.ofSeconds(20));
    assertThat(listener.backendPid()).isNotEqualTo(before);
  }
}
