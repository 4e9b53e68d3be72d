package io.shadowflow.sdk;

/** Where {@link JavaStep#validate} reports what is wrong with a step's fields. */
@FunctionalInterface
public interface FieldProblems {
  /**
   * One problem.
   *
   * @param field the field's path under {@code with}, e.g. {@code limit} or {@code rules[2].to}
   * @param message what is wrong and how to fix it
   */
  void add(String field, String message);
}
