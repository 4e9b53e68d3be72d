package io.shadowflow.engine.runs;

import io.shadowflow.engine.checkpoint.RunStatus;
import io.shadowflow.engine.checkpoint.SqlFailures;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Lists runs newest first, a page at a time, for people reading them (the console's runs list).
 * Pages are cut by keyset, not offset: the next page starts after the last run shown, so a page
 * costs the same on the 1st and the 1,000th, and runs started meanwhile neither repeat nor hide
 * one. Only the conditions a filter sets reach the query, so each can use its index.
 */
public final class RunLists {
  /** The longest page a reader gets. */
  public static final int MAX_PAGE = 500;

  /**
   * One page of runs.
   *
   * @param next the token of the page after this one; empty on the last page
   */
  public record Page(List<RunListing> runs, Optional<String> next) {}

  private final DataSource dataSource;

  public RunLists(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * The runs that match {@code filter}, newest first.
   *
   * @param after the {@link Page#next} token of the previous page; empty for the first
   * @param limit runs on the page, 1 to {@link #MAX_PAGE}
   * @throws IllegalArgumentException for a limit out of range or a token this class did not make
   */
  public Page page(RunFilter filter, Optional<String> after, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException(
          "limit: " + limit + " is not between 1 and " + MAX_PAGE + "; ask for fewer runs a page");
    }
    Optional<Position> from = after.map(Position::decode);
    List<Object> parameters = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT run_id, namespace, name, workflow_type, status, workflow_hash, error_code,"
                + " started_at, finished_at FROM runs WHERE namespace = ANY(?)");
    parameters.add(filter.namespaces().toArray(String[]::new));
    filter.workflow().ifPresent(name -> condition(sql, parameters, " AND name = ?", name));
    filter.status().ifPresent(s -> condition(sql, parameters, " AND status = ?", s.name()));
    filter
        .startedFrom()
        .ifPresent(t -> condition(sql, parameters, " AND started_at >= ?", timestamp(t)));
    filter
        .startedBefore()
        .ifPresent(t -> condition(sql, parameters, " AND started_at < ?", timestamp(t)));
    filter
        .runIdPrefix()
        .ifPresent(p -> condition(sql, parameters, " AND starts_with(run_id, ?)", p));
    from.ifPresent(
        p -> {
          sql.append(" AND (started_at, run_id) < (?, ?)");
          parameters.add(timestamp(p.startedAt()));
          parameters.add(p.runId());
        });
    // One row more than asked says whether a next page exists.
    sql.append(" ORDER BY started_at DESC, run_id DESC LIMIT ?");
    parameters.add(limit + 1);
    List<RunListing> runs = query(sql.toString(), parameters);
    if (runs.size() <= limit) {
      return new Page(runs, Optional.empty());
    }
    List<RunListing> shown = runs.subList(0, limit);
    RunListing last = shown.get(limit - 1);
    return new Page(
        List.copyOf(shown), Optional.of(new Position(last.startedAt(), last.runId()).encode()));
  }

  private static void condition(
      StringBuilder sql, List<Object> parameters, String clause, Object value) {
    sql.append(clause);
    parameters.add(value);
  }

  private List<RunListing> query(String sql, List<Object> parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      List<RunListing> runs = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          runs.add(listing(row));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw SqlFailures.of("listing runs", e);
    }
  }

  private static RunListing listing(ResultSet row) throws SQLException {
    Timestamp finished = row.getTimestamp("finished_at");
    return new RunListing(
        row.getString("run_id"),
        row.getString("namespace"),
        row.getString("name"),
        row.getString("workflow_type"),
        RunStatus.valueOf(row.getString("status")),
        row.getString("workflow_hash"),
        row.getString("error_code"),
        row.getTimestamp("started_at").toInstant(),
        finished == null ? null : finished.toInstant());
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** Where a page ends: the last run shown, as an opaque token. */
  private record Position(Instant startedAt, String runId) {
    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((startedAt + "|" + runId).getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return new Position(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
      } catch (IllegalArgumentException
          | DateTimeParseException
          | StringIndexOutOfBoundsException e) {
        throw new IllegalArgumentException(
            "after: " + token + " is not a page token of this list; start from the first page", e);
      }
    }
  }
}
