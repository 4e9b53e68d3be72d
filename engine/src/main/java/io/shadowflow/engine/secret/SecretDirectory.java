package io.shadowflow.engine.secret;

import io.shadowflow.engine.failure.FailureCode;
import io.shadowflow.engine.failure.WorkflowFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secrets as files, {@code DIR/NAME/KEY}: the layout in which the operator mounts a Workflow's
 * Secrets into its engine pods, and which the CLI reads from {@code --secrets-dir}.
 */
public final class SecretDirectory {
  /** The environment variable naming the folder; engine pods have it set. */
  public static final String ENV = "SHADOWFLOW_SECRETS_DIR";

  /** No folder: every reference fails with SECRET_NOT_FOUND. */
  public static final SecretDirectory NONE = new SecretDirectory(null);

  private final Path root;

  /**
   * @param root the folder, or null for none
   */
  public SecretDirectory(Path root) {
    this.root = root;
  }

  /** The folder {@value #ENV} names, or {@link #NONE}. */
  public static SecretDirectory fromEnvironment() {
    String dir = System.getenv(ENV);
    return dir == null || dir.isBlank() ? NONE : new SecretDirectory(Path.of(dir));
  }

  /**
   * The value of {@code ref}; a trailing newline (as {@code echo} leaves it) is not part of it.
   *
   * @throws WorkflowFailure SECRET_NOT_FOUND naming the reference, never a value
   */
  public SecretValue read(SecretKeyRef ref, String step) {
    if (root == null) {
      throw notFound(ref, step, "no secrets folder (set --secrets-dir or " + ENV + ")");
    }
    // Names and keys are checked against strict patterns at compile time: no '/' and no '..'.
    Path file = root.resolve(ref.name()).resolve(ref.key());
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return new SecretValue(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    } catch (IOException e) {
      throw notFound(ref, step, "no readable file " + file);
    }
  }

  private static WorkflowFailure notFound(SecretKeyRef ref, String step, String where) {
    return WorkflowFailure.of(
        FailureCode.SECRET_NOT_FOUND,
        Map.of("step", step, "name", ref.name(), "key", ref.key(), "where", where));
  }
}
