package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;

/**
 * Valid objects can still not work together: a Service that selects no pod, a port name that does not
 * exist, a ConfigMap or claim that is never rendered. These are checked across the whole rendering.
 */
class ChartConsistencyTest {

  static Stream<Chart.ValuesCase> valuesCases() {
    return Chart.valuesCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyServiceSelectsExactlyOneDeploymentAndTargetsANamedContainerPort(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());
    for (Service service : rendered.all(Service.class)) {
      Map<String, String> selector = service.getSpec().getSelector();
      if (selector == null || selector.isEmpty()) {
        assertThat(service.getMetadata().getName()).as("only the blocked-paths backend has no selector")
            .isEqualTo("edge-storage-blocked");
        continue;
      }
      List<Deployment> selected = rendered.all(Deployment.class).stream()
          .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
          .toList();
      assertThat(selected).as("Deployments selected by Service %s", service.getMetadata().getName()).hasSize(1);
      Set<String> portNames = new HashSet<>();
      selected.get(0).getSpec().getTemplate().getSpec().getContainers()
          .forEach(c -> c.getPorts().stream().map(ContainerPort::getName).forEach(portNames::add));
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(portNames).as("target port of %s", service.getMetadata().getName())
            .contains(port.getTargetPort().getStrVal());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyDeploymentSelectsItsOwnPodsAndReferencesOnlyRenderedObjects(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());
    for (Deployment deployment : rendered.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
          .as("pod labels of %s", name).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
      assertThat(rendered.find(ServiceAccount.class, pod.getServiceAccountName())).as("service account of %s", name).isPresent();
      for (Container c : pod.getContainers()) {
        for (EnvFromSource source : c.getEnvFrom()) {
          assertThat(rendered.find(ConfigMap.class, source.getConfigMapRef().getName())).as("ConfigMap of %s", name).isPresent();
        }
        Set<String> volumes = new HashSet<>();
        pod.getVolumes().stream().map(Volume::getName).forEach(volumes::add);
        c.getVolumeMounts().forEach(m -> assertThat(volumes).as("volume of mount %s", m.getMountPath()).contains(m.getName()));
      }
      for (Volume volume : pod.getVolumes()) {
        if (volume.getPersistentVolumeClaim() != null) {
          String claim = volume.getPersistentVolumeClaim().getClaimName();
          boolean rendersClaim = rendered.find(PersistentVolumeClaim.class, claim).isPresent();
          boolean existingClaim = claim.equals(existingClaim(values));
          assertThat(rendersClaim || existingClaim).as("claim %s of %s", claim, name).isTrue();
        }
      }
    }
  }

  /** objectService.blobStore.persistence.existingClaim as given by the values files (last one wins). */
  private static String existingClaim(Chart.ValuesCase values) {
    String claim = "";
    for (Path file : values.files()) {
      try {
        JsonNode node = Chart.parse(Files.readString(file)).get(0)
            .at("/objectService/blobStore/persistence/existingClaim");
        if (!node.isMissingNode()) {
          claim = node.asText();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return claim;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void ingressBackendsAndHpaTargetsExist(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());
    for (Ingress ingress : rendered.all(Ingress.class)) {
      for (HTTPIngressPath path : ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).toList()) {
        IngressServiceBackend backend = path.getBackend().getService();
        Service service = rendered.get(Service.class, backend.getName());
        assertThat(service.getSpec().getPorts()).as("port of %s for %s", backend.getName(), path.getPath())
            .anyMatch(p -> backend.getPort().getName() != null
                ? backend.getPort().getName().equals(p.getName())
                : backend.getPort().getNumber().equals(p.getPort()));
      }
    }
    for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
      assertThat(rendered.find(Deployment.class, hpa.getSpec().getScaleTargetRef().getName())).isPresent();
      assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(hpa.getSpec().getMinReplicas());
    }
  }
}
