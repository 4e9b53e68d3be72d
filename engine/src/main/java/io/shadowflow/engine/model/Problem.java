package io.shadowflow.engine.model;

/** One thing wrong with a manifest: the field's path ({@code spec.steps[2].expr}) and why. */
public record Problem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
