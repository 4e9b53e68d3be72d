package io.shadowflow.engine.secret;

import io.shadowflow.api.SecretKeyRefSpec;
import io.shadowflow.api.SecretValueFrom;
import io.shadowflow.engine.model.Problems;
import java.util.regex.Pattern;

/** A key of a Secret, as a step names it: the reference that is stored and hashed. */
public record SecretKeyRef(String name, String key) {
  private static final Pattern SECRET_NAME = Pattern.compile(SecretKeyRefSpec.NAME_PATTERN);
  private static final Pattern SECRET_KEY = Pattern.compile(SecretKeyRefSpec.KEY_PATTERN);

  /**
   * Checks a {@code valueFrom} field, reporting problems under {@code path}.
   *
   * @return null when it is missing or wrong
   */
  public static SecretKeyRef compile(SecretValueFrom valueFrom, String path, Problems problems) {
    SecretKeyRefSpec ref = valueFrom == null ? null : valueFrom.secretKeyRef;
    String at = path + ".secretKeyRef";
    if (ref == null) {
      problems.add(at, "required: {name: SECRET, key: KEY} of a Secret in the namespace");
      return null;
    }
    boolean fine = true;
    if (ref.name == null || !SECRET_NAME.matcher(ref.name).matches()) {
      problems.add(
          at + ".name",
          "required: a Secret name of lowercase letters, digits and '-', at most 63 characters, got "
              + ref.name);
      fine = false;
    }
    if (ref.key == null || ref.key.length() > 253 || !SECRET_KEY.matcher(ref.key).matches()) {
      problems.add(
          at + ".key",
          "required: a Secret key of letters, digits, '-', '_' or '.', got " + ref.key);
      fine = false;
    }
    return fine ? new SecretKeyRef(ref.name, ref.key) : null;
  }

  @Override
  public String toString() {
    return name + "/" + key;
  }
}
