package io.shadowflow.engine.view;

/**
 * A step's input or output as canonical JSON, cut to the length its reader asked for: a step may
 * carry megabytes, a page wants a glance and a way to load the rest.
 *
 * @param text the canonical JSON, or its first {@code limit} characters when {@code cut}
 * @param length the whole text's length in characters
 */
public record Payload(String text, int length, boolean cut) {
  static Payload of(String canonical, int limit) {
    if (canonical.length() <= limit) {
      return new Payload(canonical, canonical.length(), false);
    }
    return new Payload(canonical.substring(0, limit), canonical.length(), true);
  }
}
