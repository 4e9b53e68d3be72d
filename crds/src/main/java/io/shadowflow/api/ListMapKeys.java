package io.shadowflow.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a list whose items are unique by these keys: the CRD gets {@code x-kubernetes-list-type:
 * map} and {@code x-kubernetes-list-map-keys}, which the API server checks at no CEL cost. The
 * Fabric8 generator has no such annotation; {@link io.shadowflow.api.build.CrdSchemaExtensions}
 * applies it after generation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface ListMapKeys {
  String[] value();
}
