package io.shadowflow.engine.lint;

/**
 * One call in step code that breaks determinism.
 *
 * @param className the class, dotted ({@code com.acme.PriceStep})
 * @param method the calling method's name
 * @param source the source file the class names, or {@code ?} without debug information
 * @param line the source line, 0 without debug information
 */
public record Finding(
    String className,
    String method,
    String source,
    int line,
    String call,
    String breaks,
    String instead) {

  /** {@code com/acme/PriceStep.java:42 PriceStep.apply: ...}, one line. */
  public String describe() {
    String folder =
        className.contains(".")
            ? className.substring(0, className.lastIndexOf('.')).replace('.', '/') + "/"
            : "";
    return "%s%s:%d %s.%s calls %s: it %s; %s"
        .formatted(folder, source, line, className, method, call, breaks, instead);
  }
}
