package io.shadowflow.engine.secret;

/**
 * A secret's value, held only while a request is built. Its {@code toString} hides the value, so a
 * log line or message that prints one by mistake prints nothing secret.
 */
public final class SecretValue {
  private final String value;

  SecretValue(String value) {
    this.value = value;
  }

  /** The value itself, for the request being built and nothing else. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "<secret>";
  }
}
