package io.shadowflow.testkit.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every resource type the server serves right now: the built-in ones, and those of the
 * CustomResourceDefinitions stored in it (kept up to date as CRDs are created and deleted).
 */
public final class ResourceCatalog {
  private final List<ResourceType> builtIns = BuiltInResources.all();
  // CRD name -> its types; a CRD replaced by an update simply overwrites its entry.
  private final Map<String, List<ResourceType>> fromCrds = new ConcurrentHashMap<>();

  /** Records a CRD as it now is in storage, or its removal when {@code crd} is null. */
  void crdStored(String crdName, JsonNode crd) {
    if (crd == null) {
      fromCrds.remove(crdName);
    } else {
      fromCrds.put(crdName, CrdResources.of(crd));
    }
  }

  /** All types, built-in ones first, then by CRD name so discovery reads the same every time. */
  public List<ResourceType> all() {
    List<ResourceType> all = new ArrayList<>(builtIns);
    fromCrds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(entry -> all.addAll(entry.getValue()));
    return all;
  }

  public boolean isBuiltIn(ResourceType type) {
    return builtIns.contains(type);
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    return all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .filter(t -> t.plural().equals(plural))
        .findFirst();
  }

  public Optional<ResourceType> findByKind(String apiVersion, String kind) {
    return all().stream()
        .filter(t -> t.apiVersion().equals(apiVersion) && t.kind().equals(kind))
        .findFirst();
  }

  /** The versions served per group, in the order discovery lists them; the first is preferred. */
  public Map<String, Set<String>> groupVersions() {
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    all()
        .forEach(
            t -> groups.computeIfAbsent(t.group(), g -> new LinkedHashSet<>()).add(t.version()));
    return groups;
  }

  public Stream<ResourceType> inGroupVersion(String group, String version) {
    return all().stream().filter(t -> t.group().equals(group) && t.version().equals(version));
  }
}
