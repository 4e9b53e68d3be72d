package io.shadowflow.engine.secret;

/** A key of a Secret, as a step names it: the reference that is stored and hashed. */
public record SecretKeyRef(String name, String key) {
  @Override
  public String toString() {
    return name + "/" + key;
  }
}
