package io.edgestorage.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Renders the chart into plain manifests for users without Helm: {@code k8s/render-manifests.sh}.
 * The values come from {@code k8s/manifests/values.yaml}; the result is {@code k8s/manifests/edge-storage.yaml}.
 * {@code ManifestsUpToDateTest} fails when the committed file differs from a fresh rendering.
 */
public final class ManifestRenderer {

  public static final String VALUES_FILE = "values.yaml";
  public static final String OUTPUT_FILE = "edge-storage.yaml";

  static final String HEADER = """
      # Edge Storage — plain Kubernetes manifests rendered from the Helm chart k8s/helm/edge-storage
      # with k8s/manifests/values.yaml. Do not edit: change the chart or the values and run
      # k8s/render-manifests.sh (a test fails when this file is stale).
      # Before applying, create the Secrets this file refers to (docs/deploy-kubernetes.md):
      #   edge-storage-credentials (internal-token, master-key, bootstrap-token) and edge-pg-app (username, password).
      """;

  private ManifestRenderer() {
  }

  /** The manifests as they should be committed. */
  public static String render(Path chartDir, Path manifestsDir) {
    String rendered = new ChartRenderer(chartDir).template(List.of(manifestsDir.resolve(VALUES_FILE)), Map.of());
    return HEADER + rendered.stripTrailing() + "\n";
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ManifestRenderer <chart dir> <manifests dir>");
      System.exit(2);
    }
    Path chartDir = Path.of(args[0]);
    Path manifestsDir = Path.of(args[1]);
    Path output = manifestsDir.resolve(OUTPUT_FILE);
    Files.writeString(output, render(chartDir, manifestsDir), StandardCharsets.UTF_8);
    System.out.println("wrote " + output);
  }
}
