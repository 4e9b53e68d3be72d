package io.shadowflow.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowflow.engine.checkpoint.Database;
import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Run lists on the real PostgreSQL: pages by keyset, filters, and namespaces a reader cannot see.
 */
class RunListsTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");

  private Database database;
  private RunLists lists;

  @BeforeEach
  void runs() throws SQLException {
    database = TestDatabase.fresh();
    lists = new RunLists(database.dataSource());
    // 25 runs of orders in team-a, every third failed; runs 10 and 11 start in the same
    // microsecond.
    for (int i = 0; i < 25; i++) {
      Instant started = i == 11 ? T0.plusSeconds(10) : T0.plusSeconds(i);
      insert(
          "run-a" + String.format("%02d", i),
          "team-a",
          "orders",
          i % 3 == 0 ? "FAILED" : "SUCCEEDED",
          started);
    }
    insert("run-b00", "team-b", "orders", "RUNNING", T0.plusSeconds(100));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void pagesTogetherShowEveryRunOnceNewestFirst() {
    // 14 a page: the first ends with run-a11, whose start run-a10 shares.
    RunLists.Page first = lists.page(RunFilter.in(Set.of("team-a")), Optional.empty(), 14);
    RunLists.Page second;
    // The token holds all a page needs: a reader started afresh, on its own pool, goes on from it.
    try (Database restarted = Database.connectExisting(database.config())) {
      second =
          new RunLists(restarted.dataSource())
              .page(RunFilter.in(Set.of("team-a")), first.next(), 14);
    }
    List<String> one = first.runs().stream().map(RunListing::runId).toList();
    List<String> two = second.runs().stream().map(RunListing::runId).toList();

    assertThat(one).startsWith("run-a24", "run-a23").endsWith("run-a12", "run-a11").hasSize(14);
    assertThat(two).startsWith("run-a10", "run-a09").endsWith("run-a00").hasSize(11);
    assertThat(second.next()).isEmpty();
    assertThat(java.util.stream.Stream.concat(one.stream(), two.stream()))
        .hasSize(25)
        .doesNotHaveDuplicates();
  }

  @Test
  void aNamespaceTheReaderCannotSeeIsNeverListedWhateverTheFilter() {
    RunFilter byId =
        new RunFilter(
            Set.of("team-a"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of("run-b"));

    assertThat(lists.page(byId, Optional.empty(), 50).runs()).isEmpty();
    assertThat(lists.page(RunFilter.in(Set.of("team-a")), Optional.empty(), 50).runs())
        .extracting(RunListing::namespace)
        .containsOnly("team-a");
    assertThat(lists.page(RunFilter.in(Set.of("team-a", "team-b")), Optional.empty(), 1).runs())
        .extracting(RunListing::runId)
        .containsExactly("run-b00");
  }

  @Test
  void filtersByWorkflowStatusTimeAndRunId() {
    RunFilter failedEarly =
        new RunFilter(
            Set.of("team-a"),
            Optional.of("orders"),
            Optional.of(RunStatus.FAILED),
            Optional.of(T0.plusSeconds(3)),
            Optional.of(T0.plusSeconds(12)),
            Optional.of("run-a"));

    assertThat(lists.page(failedEarly, Optional.empty(), 50).runs())
        .extracting(RunListing::runId)
        .containsExactly("run-a09", "run-a06", "run-a03");
    assertThat(
            lists
                .page(
                    new RunFilter(
                        Set.of("team-a"),
                        Optional.of("payments"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                    Optional.empty(),
                    50)
                .runs())
        .isEmpty();
  }

  @Test
  void aForeignTokenOrALimitOutOfRangeSaysWhatToDo() {
    RunFilter all = RunFilter.in(Set.of("team-a"));

    assertThatThrownBy(() -> lists.page(all, Optional.of("not-a-token"), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after: not-a-token")
        .hasMessageContaining("start from the first page");
    assertThatThrownBy(() -> lists.page(all, Optional.empty(), 0)).hasMessageContaining("limit: 0");
    assertThatThrownBy(() -> lists.page(all, Optional.empty(), RunLists.MAX_PAGE + 1))
        .hasMessageContaining("ask for fewer");
    assertThatThrownBy(() -> RunFilter.in(Set.of())).hasMessageContaining("namespaces");
  }

  private void insert(String runId, String namespace, String name, String status, Instant started)
      throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO runs (run_id, namespace, name, workflow_type, seed, definition_hash,"
                    + " definition, step_count, status, started_at)"
                    + " VALUES (?, ?, ?, 'orders', 1, ?, '{}', 3, ?, ?)")) {
      s.setString(1, runId);
      s.setString(2, namespace);
      s.setString(3, name);
      s.setString(4, "0".repeat(64));
      s.setString(5, status);
      s.setObject(6, started.atOffset(ZoneOffset.UTC));
      s.executeUpdate();
    }
  }
}
