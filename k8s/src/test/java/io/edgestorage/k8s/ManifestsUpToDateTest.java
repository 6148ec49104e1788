package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** k8s/manifests/edge-storage.yaml is exactly what the chart renders now: it cannot drift. */
class ManifestsUpToDateTest {

  @Test
  void committedManifests_matchAFreshRenderingOfTheChart() throws IOException {
    Path committed = Chart.MANIFESTS_DIR.resolve(ManifestRenderer.OUTPUT_FILE);

    String fresh = ManifestRenderer.render(Chart.CHART_DIR, Chart.MANIFESTS_DIR);

    assertThat(Files.readString(committed))
        .as("k8s/manifests/edge-storage.yaml is stale: run k8s/render-manifests.sh and commit the result")
        .isEqualTo(fresh);
  }

  @Test
  void committedManifests_areValidAndContainNoSecret() throws IOException {
    Rendered rendered = new Rendered(Chart.parse(
        Files.readString(Chart.MANIFESTS_DIR.resolve(ManifestRenderer.OUTPUT_FILE))));

    assertThat(rendered.all(Secret.class)).isEmpty();
    assertThat(rendered.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder(Components.ALL.stream().map(c -> "edge-storage-" + c).toArray(String[]::new));
    assertThat(rendered.documents()).allSatisfy(d -> assertThat(d.path("metadata").path("labels")
        .path("app.kubernetes.io/managed-by").asText()).isIn("Helm"));
    assertThat(List.of(ManifestRenderer.HEADER.split("\n"))).allMatch(line -> line.startsWith("#"));
  }
}
