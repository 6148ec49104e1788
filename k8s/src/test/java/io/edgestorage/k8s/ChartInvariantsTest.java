package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/** What must hold for every values file the project ships, not just the defaults. */
class ChartInvariantsTest {

  static Stream<Chart.ValuesCase> valuesCases() {
    return Chart.valuesCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyContainer_hasHealthProbesOnQuarkusEndpoints(Chart.ValuesCase values) {
    for (Container c : containers(Chart.render(values.files(), Map.of()))) {
      assertProbe(c.getName(), "startup", c.getStartupProbe(), "/q/health/started");
      assertProbe(c.getName(), "liveness", c.getLivenessProbe(), "/q/health/live");
      assertProbe(c.getName(), "readiness", c.getReadinessProbe(), "/q/health/ready");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyContainer_hasCpuAndMemoryRequestsAndLimits(Chart.ValuesCase values) {
    for (Container c : containers(Chart.render(values.files(), Map.of()))) {
      assertThat(c.getResources().getLimits()).as("%s limits", c.getName()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getRequests()).as("%s requests", c.getName()).containsKeys("cpu", "memory");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyPod_runsAsNonRootWithoutPrivilegeEscalationAndWithoutCapabilities(Chart.ValuesCase values) {
    for (Deployment d : Chart.render(values.files(), Map.of()).all(Deployment.class)) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      PodSecurityContext podContext = pod.getSecurityContext();
      assertThat(podContext.getRunAsNonRoot()).as("%s pod runAsNonRoot", d.getMetadata().getName()).isTrue();
      assertThat(podContext.getRunAsUser()).as("%s pod runAsUser", d.getMetadata().getName()).isPositive();
      assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getAutomountServiceAccountToken()).as("no API token in pods that never call the API").isFalse();
      for (Container c : pod.getContainers()) {
        SecurityContext sc = c.getSecurityContext();
        assertThat(sc).as("%s securityContext", c.getName()).isNotNull();
        assertThat(sc.getRunAsNonRoot()).as("%s runAsNonRoot", c.getName()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", c.getName()).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).as("%s readOnlyRootFilesystem", c.getName()).isTrue();
        assertThat(sc.getCapabilities().getDrop()).as("%s dropped capabilities", c.getName()).contains("ALL");
        assertThat(sc.getCapabilities().getAdd()).as("%s added capabilities", c.getName()).isNullOrEmpty();
        assertThat(sc.getPrivileged()).as("%s privileged", c.getName()).isNotEqualTo(Boolean.TRUE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyContainer_bindsAllInterfacesWithJsonLogsOnItsPort(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());
    for (String component : Components.ALL) {
      Map<String, String> config = rendered.get(ConfigMap.class, "edge-storage-" + component).getData();
      assertThat(config).containsEntry("EDGE_BIND_HOST", "0.0.0.0");
      assertThat(config).containsKey("EDGE_LOG_JSON");
      Container c = rendered.get(Deployment.class, "edge-storage-" + component)
          .getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort)
          .containsExactly(Components.PORTS.get(component), Components.INTERNAL_PORTS.get(component));
      assertThat(c.getEnvFrom()).singleElement()
          .satisfies(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("edge-storage-" + component));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void everyInternalPort_isOpenOnlyToTheServicesThatCallIt(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());
    if (rendered.all(NetworkPolicy.class).isEmpty()) {
      return; // networkPolicy.enabled=false is the user's explicit choice; no example ships it
    }
    for (String component : Components.ALL) {
      Map<String, String> podLabels = rendered.get(Deployment.class, "edge-storage-" + component)
          .getSpec().getTemplate().getMetadata().getLabels();
      List<NetworkPolicyIngressRule> rules = new ArrayList<>();
      boolean selected = false;
      for (NetworkPolicy np : rendered.all(NetworkPolicy.class)) {
        Map<String, String> selector = np.getSpec().getPodSelector().getMatchLabels();
        if (podLabels.entrySet().containsAll(selector.entrySet())
            && np.getSpec().getPolicyTypes().contains("Ingress")) {
          selected = true;
          rules.addAll(np.getSpec().getIngress());
        }
      }
      assertThat(selected).as("%s is selected by an Ingress NetworkPolicy", component).isTrue();
      assertThat(rules).as("%s: every rule names its ports", component).allMatch(r -> r.getPorts() != null && !r.getPorts().isEmpty());

      int publicPort = Components.PORTS.get(component);
      List<NetworkPolicyIngressRule> forPublic = rulesFor(rules, publicPort);
      if (Components.PUBLIC.contains(component)) {
        assertThat(forPublic).as("%s port %d is named by a rule", component, publicPort).isNotEmpty();
      } else {
        assertThat(forPublic).as("%s has no public API: port %d stays closed", component, publicPort).isEmpty();
      }

      int internalPort = Components.INTERNAL_PORTS.get(component);
      Set<String> callers = new HashSet<>();
      for (NetworkPolicyIngressRule rule : rulesFor(rules, internalPort)) {
        assertThat(rule.getFrom()).as("%s port %d must not be open to everyone", component, internalPort).isNotEmpty();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
          if (peer.getPodSelector() != null && peer.getNamespaceSelector() == null && peer.getIpBlock() == null) {
            callers.add(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
          } else {
            // Only the monitoring and probe peers (networkPolicy.metricsFrom, probesFrom) may be something else.
            assertThat(peer.getNamespaceSelector() != null || peer.getIpBlock() != null)
                .as("%s: unexpected peer %s", component, peer).isTrue();
          }
        }
      }
      callers.remove(null);
      assertThat(callers).as("pods allowed into %s's internal listener", component)
          .isEqualTo(Components.CALLERS.get(component));
    }
  }

  private static List<NetworkPolicyIngressRule> rulesFor(List<NetworkPolicyIngressRule> rules, int port) {
    return rules.stream().filter(r -> r.getPorts() != null && r.getPorts().stream()
        .anyMatch(p -> p.getPort() != null && Objects.equals(p.getPort().getIntVal(), port))).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void theInternalListener_isExposedOnlyByItsOwnClusterInternalService(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());
    for (String component : Components.ALL) {
      io.fabric8.kubernetes.api.model.Service internal =
          rendered.get(io.fabric8.kubernetes.api.model.Service.class, "edge-storage-" + component + "-internal");
      assertThat(internal.getSpec().getType()).isEqualTo("ClusterIP");
      assertThat(internal.getSpec().getPorts()).singleElement().satisfies(p -> {
        assertThat(p.getPort()).isEqualTo(Components.INTERNAL_PORTS.get(component));
        assertThat(p.getTargetPort().getStrVal()).isEqualTo("internal");
      });
      io.fabric8.kubernetes.api.model.Service service =
          rendered.get(io.fabric8.kubernetes.api.model.Service.class, "edge-storage-" + component);
      assertThat(service.getSpec().getPorts()).as("%s's public Service", component)
          .allSatisfy(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"))
          .noneSatisfy(p -> assertThat(p.getPort()).isEqualTo(Components.INTERNAL_PORTS.get(component)));
    }
    // Services call each other's internal listeners only
    for (ConfigMap cm : rendered.all(ConfigMap.class)) {
      cm.getData().forEach((k, v) -> {
        if (k.endsWith("_SERVICE_URL")) {
          assertThat(v).as("%s %s", cm.getMetadata().getName(), k).matches("http://edge-storage-[a-z-]+-internal:\\d+");
        }
      });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuesCases")
  void noSecretValue_appearsInAConfigMapOrAPlainEnvValue(Chart.ValuesCase values) {
    Rendered rendered = Chart.render(values.files(), Map.of());
    Set<String> secretValues = new HashSet<>();
    for (Secret secret : rendered.all(Secret.class)) {
      secret.getData().values().forEach(v -> secretValues.add(new String(Base64.getDecoder().decode(v))));
    }
    for (String doc : rendered.documents().stream().filter(d -> !d.path("kind").asText().equals("Secret"))
        .map(Object::toString).toList()) {
      for (String secretValue : secretValues) {
        assertThat(doc).as("a secret value leaks outside its Secret").doesNotContain(secretValue);
      }
    }
    Set<String> secretEnv = Set.of("EDGE_INTERNAL_TOKEN_API_GATEWAY", "EDGE_INTERNAL_TOKEN_PRESIGN_SERVICE",
        "EDGE_INTERNAL_TOKEN_OBJECT_SERVICE", "EDGE_INTERNAL_TOKEN_OPERATOR", "EDGE_INTERNAL_TOKEN_API_GATEWAY_PREVIOUS",
        "EDGE_MASTER_KEY", "EDGE_MASTER_KEYS_OLD", "EDGE_BOOTSTRAP_TOKEN",
        "EDGE_PG_PASSWORD", "KAFKA_SASL_JAAS_CONFIG", "EDGE_BLOB_S3_ACCESS_KEY", "EDGE_BLOB_S3_SECRET_KEY");
    for (ConfigMap cm : rendered.all(ConfigMap.class)) {
      assertThat(cm.getData().keySet()).as("ConfigMap %s", cm.getMetadata().getName()).doesNotContainAnyElementsOf(secretEnv);
    }
    for (Container c : containers(rendered)) {
      for (EnvVar env : c.getEnv()) {
        if (secretEnv.contains(env.getName())) {
          assertThat(env.getValue()).as("%s %s is a literal", c.getName(), env.getName()).isNull();
          assertThat(env.getValueFrom().getSecretKeyRef()).as("%s %s from a Secret", c.getName(), env.getName()).isNotNull();
        }
      }
    }
  }

  private static List<Container> containers(Rendered rendered) {
    List<Container> all = new ArrayList<>();
    for (Deployment d : rendered.all(Deployment.class)) {
      all.addAll(d.getSpec().getTemplate().getSpec().getContainers());
      List<Container> init = d.getSpec().getTemplate().getSpec().getInitContainers();
      if (init != null) {
        all.addAll(init);
      }
    }
    assertThat(all).hasSize(4);
    return all;
  }

  private static void assertProbe(String container, String kind, Probe probe, String path) {
    assertThat(probe).as("%s %s probe", container, kind).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as("%s %s probe path", container, kind).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s %s probe on the internal listener", container, kind)
        .isEqualTo("internal");
  }
}
