package io.shadowflow.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Bounds the strings inside a field: the values of a map ({@code additionalProperties}) or the
 * items of a list, which Fabric8's {@code @Size} cannot reach; applied by {@link
 * io.shadowflow.api.build.CrdSchemaExtensions}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ValueSize {
  int max();
}
