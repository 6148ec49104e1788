package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** The data plane scales on its own: replicas, HPA bounds and PDB come from objectService values only. */
class ObjectServiceScalingTest {

  private static final String OBJECT_SERVICE = "edge-storage-object-service";

  @Test
  void withAutoscaling_theHpaOwnsTheReplicaCountWithinTheConfiguredBounds() {
    Rendered rendered = Chart.render(Map.of(
        "objectService.autoscaling.minReplicas", "5",
        "objectService.autoscaling.maxReplicas", "17",
        "objectService.autoscaling.targetCPUUtilizationPercentage", "55",
        "apiGateway.replicas", "4"));

    HorizontalPodAutoscaler hpa = rendered.get(HorizontalPodAutoscaler.class, OBJECT_SERVICE);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(5);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(17);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(OBJECT_SERVICE);
    assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> {
      assertThat(m.getResource().getName()).isEqualTo("cpu");
      assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(55);
    });
    // No replicas field: a `helm upgrade` must not reset what the HPA decided.
    assertThat(rendered.get(Deployment.class, OBJECT_SERVICE).getSpec().getReplicas()).isNull();
    // The other services are untouched by the data plane's scaling.
    assertThat(rendered.get(Deployment.class, "edge-storage-api-gateway").getSpec().getReplicas()).isEqualTo(4);
    assertThat(rendered.all(HorizontalPodAutoscaler.class)).hasSize(1);
  }

  @Test
  void withoutAutoscaling_theDeploymentHasTheConfiguredReplicasAndNoHpa() {
    Rendered rendered = Chart.render(Map.of(
        "objectService.autoscaling.enabled", "false",
        "objectService.replicas", "7"));

    assertThat(rendered.get(Deployment.class, OBJECT_SERVICE).getSpec().getReplicas()).isEqualTo(7);
    assertThat(rendered.all(HorizontalPodAutoscaler.class)).isEmpty();
  }

  @Test
  void customMetric_isAddedAsAPerPodAverageBesideCpu() {
    Rendered rendered = Chart.render(Map.of(
        "objectService.autoscaling.customMetric.enabled", "true",
        "objectService.autoscaling.customMetric.name", "edge_s3_requests_in_flight",
        "objectService.autoscaling.customMetric.targetAverageValue", "80"));

    List<MetricSpec> metrics = rendered.get(HorizontalPodAutoscaler.class, OBJECT_SERVICE).getSpec().getMetrics();
    assertThat(metrics).extracting(MetricSpec::getType).containsExactly("Resource", "Pods");
    assertThat(metrics.get(1).getPods().getMetric().getName()).isEqualTo("edge_s3_requests_in_flight");
    assertThat(metrics.get(1).getPods().getTarget().getAverageValue().toString()).isEqualTo("80");
  }

  @Test
  void maxReplicasBelowMinReplicas_failsWithAClearMessage() {
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of(
        "objectService.autoscaling.minReplicas", "6",
        "objectService.autoscaling.maxReplicas", "3")))
        .hasMessageContaining("objectService.autoscaling.maxReplicas (3) must be >= minReplicas (6)");
  }

  @Test
  void disruptionBudgetAndTopologySpread_selectTheObjectServicePods() {
    Rendered rendered = Chart.render(Map.of("objectService.podDisruptionBudget.maxUnavailable", "2"));

    PodDisruptionBudget pdb = rendered.get(PodDisruptionBudget.class, OBJECT_SERVICE);
    Map<String, String> podLabels = rendered.get(Deployment.class, OBJECT_SERVICE).getSpec().getTemplate()
        .getMetadata().getLabels();
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(2);
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

    List<TopologySpreadConstraint> spread = rendered.get(Deployment.class, OBJECT_SERVICE).getSpec().getTemplate()
        .getSpec().getTopologySpreadConstraints();
    assertThat(spread).extracting(TopologySpreadConstraint::getTopologyKey)
        .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
    assertThat(spread).allSatisfy(c -> assertThat(podLabels).containsAllEntriesOf(c.getLabelSelector().getMatchLabels()));
  }

  @Test
  void controlPlaneServices_getADisruptionBudgetOnlyWhenTheyRunSeveralReplicas() {
    Rendered rendered = Chart.render(Map.of("keyService.replicas", "1"));

    assertThat(rendered.all(PodDisruptionBudget.class)).extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(OBJECT_SERVICE, "edge-storage-api-gateway", "edge-storage-presign-service");
    assertThat(rendered.get(PodDisruptionBudget.class, "edge-storage-api-gateway").getSpec().getMaxUnavailable().getIntVal())
        .isEqualTo(1);
  }

  @Test
  void everyReplica_mountsTheSameReadWriteManyBlobVolume() {
    Rendered rendered = Chart.render(Map.of("objectService.blobStore.persistence.size", "3Ti"));

    PersistentVolumeClaim claim = rendered.get(PersistentVolumeClaim.class, "edge-storage-blobs");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("3Ti");
    assertThat(claim.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    Deployment deployment = rendered.get(Deployment.class, OBJECT_SERVICE);
    Volume blobs = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals("blobs")).findFirst().orElseThrow();
    assertThat(blobs.getPersistentVolumeClaim().getClaimName()).isEqualTo("edge-storage-blobs");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/edge-storage/blobs"));
  }

  @Test
  void existingClaim_isMountedAndNoClaimIsCreated() {
    Rendered rendered = Chart.render(Map.of("objectService.blobStore.persistence.existingClaim", "nfs-blobs"));

    assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
    assertThat(rendered.get(Deployment.class, OBJECT_SERVICE).getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("blobs")).singleElement()
        .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("nfs-blobs"));
  }

  @Test
  void severalReplicasWithoutASharedVolume_areRefused() {
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of("objectService.blobStore.persistence.enabled", "false")))
        .hasMessageContaining("single replica only");
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of(
        "objectService.blobStore.persistence.accessMode", "ReadWriteOnce")))
        .hasMessageContaining("must be ReadWriteMany");
  }
}
