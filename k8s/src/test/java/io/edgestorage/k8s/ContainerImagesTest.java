package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The Dockerfiles and deploy/docker-compose.yml cannot be built or run here (no Docker), so their
 * contract is checked as text: layered quarkus-app layout, non-root user matching the chart, loopback-only
 * ports, the container settings every service needs.
 */
class ContainerImagesTest {

  private static final Path ROOT = Path.of(System.getProperty("edge.repo.root", "..")).toAbsolutePath().normalize();

  static List<String> components() {
    return Components.ALL;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("components")
  void dockerfile_usesTheLayeredQuarkusAppLayoutAndRunsAsTheChartsNonRootUser(String component) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve(component).resolve("src/main/docker/Dockerfile.jvm")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    long chartUser = Chart.render(Map.of()).get(Deployment.class, "edge-storage-" + component)
        .getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();

    assertThat(lines.get(0)).matches("FROM registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:[0-9.]+");
    assertThat(lines).containsSubsequence(
        "COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/",
        "COPY --chown=185 target/quarkus-app/*.jar /deployments/",
        "COPY --chown=185 target/quarkus-app/app/ /deployments/app/",
        "COPY --chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/");
    assertThat(lines).contains("ENV EDGE_BIND_HOST=0.0.0.0", "EXPOSE " + Components.PORTS.get(component));
    String lastUser = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertThat(lastUser).isEqualTo("USER " + chartUser);
    assertThat(lines.get(lines.size() - 1)).startsWith("ENTRYPOINT");
  }

  @Test
  void compose_runsEveryServiceFromItsDockerfileWithPortsOnLoopbackOnly() throws IOException {
    JsonNode compose = Chart.parse(Files.readString(ROOT.resolve("deploy/docker-compose.yml"))).get(0);
    JsonNode services = compose.path("services");

    assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
    assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
    assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:");
    services.properties().forEach(service -> service.getValue().path("ports").forEach(port ->
        assertThat(port.asText()).as("%s publishes %s", service.getKey(), port).startsWith("127.0.0.1:")));
    for (String component : Components.ALL) {
      JsonNode service = services.path(component);
      assertThat(service.path("build").path("context").asText()).isEqualTo("../" + component);
      assertThat(service.path("build").path("dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
      JsonNode env = service.path("environment");
      assertThat(env.path("EDGE_BIND_HOST").asText()).isEqualTo("0.0.0.0");
      env.properties().forEach(e -> {
        if (e.getKey().startsWith("EDGE_INTERNAL_TOKEN") || e.getKey().endsWith("_PASSWORD") || e.getKey().endsWith("_KEY")
            || e.getKey().endsWith("_TOKEN")) {
          assertThat(e.getValue().asText()).as("%s %s has no default in the repository", component, e.getKey())
              .matches("\\$\\{[A-Z_]+(:\\?[^}]*|:-)}");
        }
      });
      if (Components.PUBLIC.contains(component)) {
        assertThat(service.path("ports")).singleElement().satisfies(p -> assertThat(p.asText())
            .isEqualTo("127.0.0.1:%1$d:%1$d".formatted(Components.PORTS.get(component))));
      } else {
        assertThat(service.has("ports")).as("%s has no public API: nothing published", component).isFalse();
      }
      assertThat(service.path("healthcheck").path("test").toString()).contains("/q/health/ready")
          .contains("/dev/tcp/127.0.0.1/" + Components.INTERNAL_PORTS.get(component));
    }
    assertThat(services.path("key-service").path("environment").has("EDGE_INTERNAL_TOKEN_OBJECT_SERVICE")).isTrue();
    assertThat(services.path("api-gateway").path("environment").has("EDGE_INTERNAL_TOKEN_OBJECT_SERVICE"))
        .as("the gateway holds only its own credential").isFalse();
    assertThat(services.path("key-service").path("environment").has("EDGE_MASTER_KEY")).isTrue();
    assertThat(services.path("object-service").path("environment").has("EDGE_MASTER_KEY")).isFalse();
  }
}
