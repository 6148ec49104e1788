package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;

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

  /** The pod of one component's Deployment (component as in {@link Components#ALL}). */
  PodSpec pod(String component) {
    return get(Deployment.class, "edge-storage-" + component).getSpec().getTemplate().getSpec();
  }

  /** The container of one component's Deployment (each has exactly one). */
  Container container(String component) {
    return pod(component).getContainers().get(0);
  }

  /** "secret/key" of a variable that must come from a Secret: asserts it is not a literal value. */
  static String secretKeyRef(Container container, String env) {
    EnvVar var = container.getEnv().stream().filter(e -> e.getName().equals(env)).findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " has no " + env));
    assertThat(var.getValue()).as("%s is not a literal", env).isNull();
    return var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey();
  }
}
