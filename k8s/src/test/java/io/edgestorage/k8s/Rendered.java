package io.edgestorage.k8s;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One rendering of the chart: the raw documents and their typed, schema-checked objects. */
record Rendered(List<JsonNode> documents, List<HasMetadata> objects) {

  Rendered(List<JsonNode> documents) {
    this(documents, documents.stream().map(KubernetesSchema::validate).toList());
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
        + " among " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
  }
}
