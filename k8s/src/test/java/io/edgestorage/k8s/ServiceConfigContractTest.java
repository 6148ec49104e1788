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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The chart and the services agree on configuration: every EDGE_* variable the chart sets is one the
 * service reads (a typo would be silently ignored), and every variable the prod profile requires
 * without a default is set by the chart.
 */
class ServiceConfigContractTest {

  private static final Path ROOT = Path.of(System.getProperty("edge.repo.root", "..")).toAbsolutePath().normalize();
  private static final Pattern EDGE_VAR = Pattern.compile("EDGE_[A-Z0-9_]*[A-Z0-9]");
  private static final Pattern REQUIRED_IN_PROD = Pattern.compile("^%prod\\.[^=]+=.*\\$\\{(EDGE_[A-Z0-9_]+)}");

  /** Every optional feature switched on, so every variable the chart can set is rendered. */
  private static final Map<String, String> EVERYTHING_ON = Map.ofEntries(
      Map.entry("config.otlpEndpoint", "http://otel-collector:4317"),
      Map.entry("keyService.bootstrapAccount", "platform"),
      Map.entry("objectService.s3Domain", "s3.example.com"),
      Map.entry("apiGateway.oidcIssuer", "https://login.example.com/realms/edge"),
      Map.entry("objectService.blobStore.kind", "s3"),
      Map.entry("objectService.blobStore.s3.endpoint", "http://rgw:80"),
      Map.entry("objectService.blobStore.s3.bucket", "b"),
      Map.entry("objectService.blobStore.s3.existingSecret", "s"),
      Map.entry("objectService.blobStore.s3.caSecret", "ca"));

  static List<String> components() {
    return Components.ALL;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("components")
  void everyVariableTheChartSets_isReadByTheService(String component) {
    Set<String> set = chartVariables(component);
    Set<String> read = variablesReadBy(component);

    assertThat(new TreeSet<>(set)).as("EDGE_* variables the chart gives %s but %s never reads", component, component)
        .isSubsetOf(read);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("components")
  void everyVariableTheProdProfileRequires_isSetByTheChart(String component) throws IOException {
    Set<String> required = new TreeSet<>();
    for (String line : Files.readAllLines(ROOT.resolve(component).resolve("src/main/resources/application.properties"))) {
      Matcher m = REQUIRED_IN_PROD.matcher(line.strip());
      if (m.find()) {
        required.add(m.group(1));
      }
    }

    assertThat(chartVariables(component)).as("variables %s cannot start without", component).containsAll(required);
  }

  private static Set<String> chartVariables(String component) {
    Rendered rendered = Chart.render(List.of(Chart.example("values-production.yaml")), EVERYTHING_ON);
    Set<String> names = new HashSet<>(rendered.get(ConfigMap.class, "edge-storage-" + component).getData().keySet());
    Container container = rendered.get(Deployment.class, "edge-storage-" + component)
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    container.getEnv().stream().map(EnvVar::getName).forEach(names::add);
    names.removeIf(n -> !n.startsWith("EDGE_"));
    return names;
  }

  /** EDGE_* names in the service's and service-common's configuration and sources. */
  private static Set<String> variablesReadBy(String component) {
    Set<String> names = new HashSet<>();
    for (Path dir : List.of(ROOT.resolve(component).resolve("src/main"), ROOT.resolve("service-common/src/main"))) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(Files::isRegularFile)
            .filter(f -> f.toString().endsWith(".properties") || f.toString().endsWith(".java"))
            .forEach(f -> {
              try {
                Matcher m = EDGE_VAR.matcher(Files.readString(f));
                while (m.find()) {
                  names.add(m.group());
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }
}
