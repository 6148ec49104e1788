package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/** helm lint, and helm template with every values file: each object is a valid Kubernetes object. */
class ChartRenderingTest {

  static Stream<Chart.ValuesCase> valuesCases() {
    return Chart.valuesCases();
  }

  @Test
  void chart_passesStrictLint() {
    LintResult result = new ChartRenderer(Chart.CHART_DIR).lint();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyRenderedObject_isAValidKubernetesObject(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());

    // Rendered's constructor validated every document; here: the four services are all there.
    assertThat(rendered.objects()).hasSizeGreaterThan(10);
    for (String component : Components.ALL) {
      String name = "edge-storage-" + component;
      assertThat(rendered.find(Deployment.class, name)).as("Deployment %s", name).isPresent();
      assertThat(rendered.find(Service.class, name)).as("Service %s", name).isPresent();
      assertThat(rendered.find(ConfigMap.class, name)).as("ConfigMap %s", name).isPresent();
    }
  }

  @Test
  void optionalObjects_appearOnlyWhenEnabled() {
    Rendered defaults = Chart.render(Map.of());
    Rendered enabled = Chart.render(Map.of("serviceMonitor.enabled", "true", "networkPolicy.database.enabled", "true"));
    Rendered disabled = Chart.render(Map.of("networkPolicy.enabled", "false", "ingress.enabled", "false"));

    assertThat(defaults.all(ServiceMonitor.class)).isEmpty();
    ServiceMonitor monitor = enabled.get(ServiceMonitor.class, "edge-storage");
    assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
      assertThat(e.getPath()).isEqualTo("/q/metrics");
      assertThat(e.getPort()).as("metrics are on the internal listener").isEqualTo("internal");
    });
    assertThat(monitor.getSpec().getSelector().getMatchLabels()).containsEntry("edge-storage.io/listener", "internal");
    assertThat(enabled.find(NetworkPolicy.class, "edge-storage-database")).isPresent();
    assertThat(disabled.all(NetworkPolicy.class)).isEmpty();
    assertThat(disabled.all(io.fabric8.kubernetes.api.model.networking.v1.Ingress.class)).isEmpty();
  }
}
