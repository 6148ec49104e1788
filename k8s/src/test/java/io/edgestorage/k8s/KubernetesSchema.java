package io.edgestorage.k8s;

import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Validates rendered objects against the Kubernetes API types (fabric8's generated model): each document
 * must name a known apiVersion/kind and deserialize into its typed class with no unknown field anywhere.
 * fabric8 collects unknown fields in {@code additionalProperties} through {@code @JsonAnySetter}; this
 * mapper ignores that annotation so an unknown (e.g. misspelt or mis-indented) field is an error.
 */
final class KubernetesSchema {

  private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/ServiceAccount", ServiceAccount.class),
      Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
      Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
      Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
      Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile(
      "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .annotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public Boolean hasAnySetter(Annotated a) {
          return Boolean.FALSE;
        }
      })
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .build();

  private KubernetesSchema() {
  }

  /** The typed object; throws {@link InvalidObjectException} naming the object and the problem. */
  static HasMetadata validate(JsonNode doc) {
    String apiVersion = doc.path("apiVersion").asText("");
    String kind = doc.path("kind").asText("");
    String name = doc.path("metadata").path("name").asText("");
    String id = apiVersion + "/" + kind + " " + name;
    Class<? extends HasMetadata> type = TYPES.get(apiVersion + "/" + kind);
    if (type == null) {
      throw new InvalidObjectException(id + ": unknown apiVersion/kind (not a type the chart may render)");
    }
    HasMetadata typed;
    try {
      typed = STRICT.treeToValue(doc, type);
    } catch (JsonMappingException e) {
      throw new InvalidObjectException(id + ": " + e.getOriginalMessage() + " at " + e.getPathReference());
    } catch (Exception e) {
      throw new InvalidObjectException(id + ": " + e.getMessage());
    }
    boolean namedLikeALabel = type == Service.class;
    if (!(namedLikeALabel ? DNS_1123_LABEL : DNS_1123_SUBDOMAIN).matcher(name).matches()) {
      throw new InvalidObjectException(id + ": metadata.name is not a valid DNS-1123 name");
    }
    return typed;
  }

  static <T extends HasMetadata> T as(JsonNode doc, Class<T> type) {
    return type.cast(validate(doc));
  }

  static final class InvalidObjectException extends RuntimeException {
    InvalidObjectException(String message) {
      super(message);
    }
  }
}
