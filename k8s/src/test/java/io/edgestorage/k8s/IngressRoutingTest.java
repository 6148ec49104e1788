package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;

/** The two public entry points, and what they must never route. */
class IngressRoutingTest {

  @Test
  void storageEndpoint_routesEverythingToObjectServiceExceptInternalAndQuarkusPaths() {
    Rendered rendered = Chart.render(Map.of("ingress.storage.host", "s3.acme.test"));

    Ingress storage = rendered.get(Ingress.class, "edge-storage-object-service");
    IngressRule rule = storage.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("s3.acme.test");
    assertThat(backendOf(rule, "/")).isEqualTo("edge-storage-object-service");
    // Prefix matching takes the longest path: these never reach object-service.
    assertThat(backendOf(rule, "/internal")).isEqualTo("edge-storage-blocked");
    assertThat(backendOf(rule, "/q")).isEqualTo("edge-storage-blocked");
    Service blocked = rendered.get(Service.class, "edge-storage-blocked");
    assertThat(blocked.getSpec().getSelector()).as("a backend without endpoints").isNullOrEmpty();
  }

  @Test
  void virtualHostStyle_addsAWildcardHostWithTheSameRestrictions() {
    Rendered rendered = Chart.render(Map.of("objectService.s3Domain", "s3.acme.test",
        "ingress.storage.host", "s3.acme.test", "ingress.storage.tlsSecretName", "s3-tls"));

    Ingress storage = rendered.get(Ingress.class, "edge-storage-object-service");
    assertThat(storage.getSpec().getRules()).extracting(IngressRule::getHost)
        .containsExactly("s3.acme.test", "*.s3.acme.test");
    assertThat(storage.getSpec().getRules())
        .allSatisfy(rule -> assertThat(backendOf(rule, "/internal")).isEqualTo("edge-storage-blocked"));
    assertThat(storage.getSpec().getTls()).singleElement()
        .satisfies(tls -> assertThat(tls.getHosts()).containsExactly("s3.acme.test", "*.s3.acme.test"));
  }

  @Test
  void gatewayEndpoint_routesOnlyTheEdgeApi() {
    Rendered rendered = Chart.render(Map.of("ingress.gateway.host", "api.acme.test"));

    IngressRule rule = rendered.get(Ingress.class, "edge-storage-api-gateway").getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("api.acme.test");
    assertThat(rule.getHttp().getPaths()).extracting(HTTPIngressPath::getPath).containsExactly("/api");
    assertThat(backendOf(rule, "/api")).isEqualTo("edge-storage-api-gateway");
  }

  @Test
  void internalAndKeyServices_areNeverBehindAnIngress() {
    List<String> backends = Chart.render(Map.of()).all(Ingress.class).stream()
        .flatMap(i -> i.getSpec().getRules().stream())
        .flatMap(r -> r.getHttp().getPaths().stream())
        .map(p -> p.getBackend().getService().getName())
        .toList();

    assertThat(backends).doesNotContain("edge-storage-key-service", "edge-storage-presign-service");
  }

  @Test
  void gatewayApi_routesTheSameWayWithHttpRoutes() {
    Rendered rendered = Chart.render(Map.of("httpRoute.enabled", "true", "ingress.enabled", "false",
        "httpRoute.storage.hostnames[0]", "s3.acme.test"));

    assertThat(rendered.all(Ingress.class)).isEmpty();
    HTTPRoute storage = rendered.get(HTTPRoute.class, "edge-storage-object-service");
    assertThat(storage.getSpec().getHostnames()).containsExactly("s3.acme.test");
    assertThat(storage.getSpec().getParentRefs()).extracting(ParentReference::getName).containsExactly("edge-gateway");
    Map<String, String> backendByPrefix = new java.util.HashMap<>();
    for (HTTPRouteRule rule : storage.getSpec().getRules()) {
      rule.getMatches().forEach(m -> {
        assertThat(m.getPath().getType()).isEqualTo("PathPrefix");
        backendByPrefix.put(m.getPath().getValue(), rule.getBackendRefs().get(0).getName());
      });
    }
    assertThat(backendByPrefix).containsExactlyInAnyOrderEntriesOf(Map.of(
        "/", "edge-storage-object-service", "/internal", "edge-storage-blocked", "/q", "edge-storage-blocked"));
    assertThat(rendered.find(Service.class, "edge-storage-blocked")).isPresent();
    HTTPRoute gateway = rendered.get(HTTPRoute.class, "edge-storage-api-gateway");
    assertThat(gateway.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("/api");
      assertThat(rule.getBackendRefs().get(0).getName()).isEqualTo("edge-storage-api-gateway");
      assertThat(rule.getBackendRefs().get(0).getPort()).isEqualTo(8080);
    });
  }

  @Test
  void withoutIngressOrRoutes_theBlockedBackendIsNotRendered() {
    Rendered rendered = Chart.render(Map.of("ingress.enabled", "false"));

    assertThat(rendered.find(Service.class, "edge-storage-blocked")).isEmpty();
    assertThat(rendered.all(HTTPRoute.class)).isEmpty();
  }

  private static String backendOf(IngressRule rule, String path) {
    return rule.getHttp().getPaths().stream()
        .filter(p -> p.getPath().equals(path))
        .peek(p -> assertThat(p.getPathType()).isEqualTo("Prefix"))
        .map(p -> p.getBackend().getService().getName())
        .findFirst().orElseThrow(() -> new AssertionError("no path " + path + " on " + rule.getHost()));
  }
}
