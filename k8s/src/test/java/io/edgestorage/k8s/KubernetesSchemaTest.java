package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The validator the chart tests rely on must really reject what the API server would reject. */
class KubernetesSchemaTest {

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: demo
      spec:
        %s: 2
        selector:
          matchLabels: {app: demo}
        template:
          metadata:
            labels: {app: demo}
          spec:
            containers:
              - name: demo
                image: demo:1
                %s
      """;

  @Test
  void wellFormedDeployment_deserializesIntoTheTypedModel() {
    Deployment deployment = KubernetesSchema.as(
        Chart.parse(DEPLOYMENT.formatted("replicas", "ports: [{containerPort: 80}]")).get(0), Deployment.class);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).getContainerPort())
        .isEqualTo(80);
  }

  @Test
  void misspeltField_isRejectedWithItsPath() {
    assertThatThrownBy(() -> KubernetesSchema.validate(
        Chart.parse(DEPLOYMENT.formatted("replica", "ports: [{containerPort: 80}]")).get(0)))
        .isInstanceOf(KubernetesSchema.InvalidObjectException.class)
        .hasMessageContaining("apps/v1/Deployment demo")
        .hasMessageContaining("replica");
  }

  @Test
  void fieldAtTheWrongIndentation_isRejected() {
    assertThatThrownBy(() -> KubernetesSchema.validate(
        Chart.parse(DEPLOYMENT.formatted("replicas", "containerPort: 80")).get(0)))
        .isInstanceOf(KubernetesSchema.InvalidObjectException.class)
        .hasMessageContaining("containerPort");
  }

  @Test
  void wrongValueType_isRejected() {
    assertThatThrownBy(() -> KubernetesSchema.validate(
        Chart.parse(DEPLOYMENT.formatted("replicas", "ports: [{containerPort: http-port}]")).get(0)))
        .isInstanceOf(KubernetesSchema.InvalidObjectException.class);
  }

  @Test
  void unknownKind_isRejected() {
    assertThatThrownBy(() -> KubernetesSchema.validate(
        Chart.parse("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: demo}\n").get(0)))
        .isInstanceOf(KubernetesSchema.InvalidObjectException.class)
        .hasMessageContaining("unknown apiVersion/kind");
  }

  @Test
  void invalidObjectName_isRejected() {
    assertThatThrownBy(() -> KubernetesSchema.validate(
        Chart.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Edge_Config}\n").get(0)))
        .isInstanceOf(KubernetesSchema.InvalidObjectException.class)
        .hasMessageContaining("DNS-1123");
  }

  @Test
  void duplicateKey_isRejectedWhenParsing() {
    assertThatThrownBy(() -> Chart.parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"))
        .hasMessageContaining("Duplicate field 'name'");
  }
}
