package io.shadowflow.engine.runs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What happens to a deleted Workflow's runs: all kept (an audit trail), none kept, or the newest
 * few. Step logs and timers go with their run.
 */
public final class RunRetention {
  private static final String DELETE_OLDER =
      """
      DELETE FROM runs WHERE namespace = ? AND name = ? AND run_id NOT IN (
          SELECT run_id FROM runs WHERE namespace = ? AND name = ?
          ORDER BY started_at DESC, run_id LIMIT ?)
      """;

  /** Keep every run. */
  public static final int KEEP_ALL = -1;

  private final DataSource dataSource;
  private final int keep;

  /**
   * @param keep how many of the newest runs to keep; {@link #KEEP_ALL} keeps them all
   */
  public RunRetention(DataSource dataSource, int keep) {
    this.dataSource = dataSource;
    this.keep = keep;
  }

  /** Parses {@code all}, {@code none} or a count. */
  public static int parse(String policy) {
    return switch (policy) {
      case "all" -> KEEP_ALL;
      case "none" -> 0;
      default -> {
        int count = Integer.parseInt(policy);
        if (count < 0) {
          throw new IllegalArgumentException(
              "retention must be all, none or a count, got " + policy);
        }
        yield count;
      }
    };
  }

  /** Applies the policy to the runs of one Workflow; returns how many runs were deleted. */
  public int apply(String namespace, String name) {
    if (keep == KEEP_ALL) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(DELETE_OLDER)) {
      delete.setString(1, namespace);
      delete.setString(2, name);
      delete.setString(3, namespace);
      delete.setString(4, name);
      delete.setInt(5, keep);
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw RunSummaries.unavailable("applying retention to " + namespace + "/" + name, e);
    }
  }
}
