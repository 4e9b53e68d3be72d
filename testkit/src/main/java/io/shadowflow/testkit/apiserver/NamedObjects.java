package io.shadowflow.testkit.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The storage keys of the stored objects, by object name. The Fabric8 mock finds one object by
 * testing every stored key, so each read or write of an object cost as much as the whole store (a
 * run of 10,000 Workflows keeps some 30,000 objects); with this index it costs the few objects that
 * share its name. Not thread-safe: used under the storage's write lock, like the mock's map.
 */
final class NamedObjects {
  private final Map<String, Set<AttributeSet>> keysByName = new HashMap<>();
  private final KubernetesAttributesExtractor extractor;

  NamedObjects(KubernetesAttributesExtractor extractor) {
    this.extractor = extractor;
  }

  /** The one object name {@code query} asks for, or null when it asks for a list. */
  static String nameIn(AttributeSet query) {
    Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
    if (name == null || name.getType() != AttributeType.WITH || name.getValues().size() != 1) {
      return null;
    }
    return name.getValues().get(0).toString();
  }

  /** The keys of the stored objects named {@code name}. */
  Set<AttributeSet> keysNamed(String name) {
    return keysByName.getOrDefault(name, Set.of());
  }

  /**
   * The key the mock's {@code processEvent} stores {@code newState} under: its own rule, repeated
   * here because the mock does not return it (the dispatcher checks that the two agree).
   */
  AttributeSet keyOf(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    AttributeSet key =
        resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? key
        : AttributeSet.merge(pathAttributes, key);
  }

  /**
   * The object stored under {@code before} (null: none) is now under {@code after} (null: gone).
   */
  void moved(AttributeSet before, AttributeSet after) {
    if (before != null) {
      String name = nameIn(before);
      Set<AttributeSet> keys = keysByName.get(name);
      if (keys != null && keys.remove(before) && keys.isEmpty()) {
        keysByName.remove(name);
      }
    }
    if (after != null) {
      keysByName.computeIfAbsent(nameIn(after), n -> new HashSet<>()).add(after);
    }
  }
}
