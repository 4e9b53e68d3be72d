package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What goes when an object goes, as the garbage collector and the namespace and CRD controllers of
 * a real cluster decide: objects it owns (by {@code ownerReferences} uid), a namespace's contents,
 * a CRD's custom resources. Deletion is in the background; orphaning is left to the caller.
 */
final class GarbageCollector {
  private final ResourceCatalog catalog;

  GarbageCollector(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  /** The API paths of the stored objects to delete now that {@code removed} is gone. */
  List<String> garbageOf(JsonNode removed, Collection<String> stored) {
    String uid = removed.path("metadata").path("uid").asText();
    String kind = removed.path("kind").asText();
    String name = removed.path("metadata").path("name").asText();
    String crdGroup = removed.path("spec").path("group").asText();
    String crdPlural = removed.path("spec").path("names").path("plural").asText();
    boolean namespace =
        kind.equals("Namespace") && removed.path("apiVersion").asText().equals("v1");
    boolean crd = kind.equals("CustomResourceDefinition");
    List<String> garbage = new ArrayList<>();
    for (String json : stored) {
      JsonNode object = KubeJson.parseStored(json);
      Optional<ResourceType> type =
          catalog.findByKind(object.path("apiVersion").asText(), object.path("kind").asText());
      if (type.isEmpty()) {
        continue;
      }
      JsonNode metadata = object.path("metadata");
      boolean owned = false;
      for (JsonNode owner : metadata.path("ownerReferences")) {
        owned |= uid.equals(owner.path("uid").asText());
      }
      boolean inNamespace = namespace && name.equals(metadata.path("namespace").asText());
      boolean instance =
          crd && type.get().group().equals(crdGroup) && type.get().plural().equals(crdPlural);
      if (owned || inNamespace || instance) {
        ResourceType t = type.get();
        garbage.add(
            ApiPath.of(
                t.group(),
                t.version(),
                t.namespaced() ? metadata.path("namespace").asText() : null,
                t.plural(),
                metadata.path("name").asText()));
      }
    }
    return garbage;
  }
}
