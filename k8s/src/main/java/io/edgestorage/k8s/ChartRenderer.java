package io.edgestorage.k8s;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** Renders the Edge Storage chart in-process (helm-java bundles the Helm library; no binary, no cluster). */
public final class ChartRenderer {

  public static final String RELEASE = "edge-storage";
  public static final String NAMESPACE = "edge-storage";
  /** The oldest Kubernetes version the chart supports (Chart.yaml kubeVersion), used for rendering. */
  public static final String KUBE_VERSION = "1.29.0";

  private final Path chartDir;

  public ChartRenderer(Path chartDir) {
    this.chartDir = chartDir;
  }

  /** {@code helm template} with the given values files (later ones win) and {@code --set} pairs. */
  public String template(List<Path> valuesFiles, Map<String, String> sets) {
    TemplateCommand command = new Helm(chartDir).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  /** {@code helm lint --strict} with the chart's default values. */
  public LintResult lint() {
    return new Helm(chartDir).lint().strict().call();
  }
}
