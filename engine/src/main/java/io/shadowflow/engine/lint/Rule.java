package io.shadowflow.engine.lint;

/**
 * A call that makes step code non-deterministic, and what to use instead.
 *
 * @param owner the class called, as bytecode names it ({@code java/lang/System})
 * @param method the method's name, {@code <init>} for a constructor, {@code *} for any
 * @param descriptor the method's descriptor when only one overload is at fault ({@code ()V} for
 *     {@code new Random()}, not {@code new Random(seed)}); null for any
 * @param breaks what the call makes depend on something outside the run
 * @param instead what deterministic step code does instead
 */
record Rule(String owner, String method, String descriptor, String breaks, String instead) {
  boolean matches(String calledOwner, String calledMethod, String calledDescriptor) {
    return owner.equals(calledOwner)
        && (method.equals("*") || method.equals(calledMethod))
        && (descriptor == null || descriptor.equals(calledDescriptor));
  }

  /** The call as people write it, e.g. {@code System.currentTimeMillis()}. */
  String call() {
    String simple = owner.substring(owner.lastIndexOf('/') + 1).replace('$', '.');
    return switch (method) {
      case "<init>" -> "new " + simple + "(" + (descriptor == null ? "..." : "") + ")";
      case "*" -> simple + ".*";
      default -> simple + "." + method + "()";
    };
  }
}
