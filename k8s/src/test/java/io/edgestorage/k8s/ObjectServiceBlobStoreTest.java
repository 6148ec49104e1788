package io.edgestorage.k8s;

import static io.edgestorage.k8s.Rendered.secretKeyRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * objectService.blobStore.kind: the filesystem store mounts one ReadWriteMany volume in every replica; the s3
 * store mounts none and hands object-service the upstream's settings, its access key only from a Secret.
 */
class ObjectServiceBlobStoreTest {

  private static final String OBJECT_SERVICE = "edge-storage-object-service";

  /** The least an s3 render needs. */
  private static final Map<String, String> S3 = Map.of(
      "objectService.blobStore.kind", "s3",
      "objectService.blobStore.s3.endpoint", "http://rook-ceph-rgw-my-store.rook-ceph.svc",
      "objectService.blobStore.s3.bucket", "edge-storage-blobs",
      "objectService.blobStore.s3.existingSecret", "edge-blobs");

  @TempDir
  Path tmp;

  @Test
  void byDefault_blobsLiveOnTheSharedReadWriteManyVolume() {
    Rendered rendered = Chart.render(Map.of());

    Map<String, String> config = objectServiceConfig(rendered);
    assertThat(config).containsEntry("EDGE_BLOB_STORE", "filesystem")
        .containsEntry("EDGE_BLOB_DIR", "/var/lib/edge-storage/blobs");
    assertThat(config.keySet()).noneMatch(k -> k.startsWith("EDGE_BLOB_S3_"));
    assertThat(container(rendered).getEnv()).extracting(EnvVar::getName).noneMatch(n -> n.startsWith("EDGE_BLOB_S3_"));
    assertThat(rendered.get(PersistentVolumeClaim.class, "edge-storage-blobs").getSpec().getAccessModes())
        .containsExactly("ReadWriteMany");
    assertThat(pod(rendered).getVolumes()).extracting(Volume::getName).containsExactlyInAnyOrder("tmp", "blobs");
    assertThat(container(rendered).getVolumeMounts()).extracting(VolumeMount::getMountPath)
        .containsExactlyInAnyOrder("/tmp", "/var/lib/edge-storage/blobs");
  }

  @Test
  void s3_mountsNoVolume_andHandsObjectServiceTheUpstreamsSettings() {
    Rendered rendered = Chart.render(s3With(Map.of(
        "objectService.blobStore.s3.region", "eu-west-1",
        "objectService.blobStore.s3.pathStyle", "false",
        "objectService.blobStore.s3.prefix", "edge/blobs/")));

    assertThat(rendered.all(PersistentVolumeClaim.class)).as("no claim when the upstream keeps the bytes").isEmpty();
    assertThat(pod(rendered).getVolumes()).extracting(Volume::getName).containsExactly("tmp");
    assertThat(container(rendered).getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly("/tmp");
    Map<String, String> config = objectServiceConfig(rendered);
    assertThat(config)
        .containsEntry("EDGE_BLOB_STORE", "s3")
        .containsEntry("EDGE_BLOB_S3_ENDPOINT", "http://rook-ceph-rgw-my-store.rook-ceph.svc")
        .containsEntry("EDGE_BLOB_S3_REGION", "eu-west-1")
        .containsEntry("EDGE_BLOB_S3_BUCKET", "edge-storage-blobs")
        .containsEntry("EDGE_BLOB_S3_PATH_STYLE", "false")
        .containsEntry("EDGE_BLOB_S3_PREFIX", "edge/blobs/")
        .doesNotContainKeys("EDGE_BLOB_DIR", "EDGE_BLOB_S3_CA_FILE", "EDGE_BLOB_S3_ACCESS_KEY", "EDGE_BLOB_S3_SECRET_KEY");
    assertThat(secretKeyRef(container(rendered), "EDGE_BLOB_S3_ACCESS_KEY")).isEqualTo("edge-blobs/AWS_ACCESS_KEY_ID");
    assertThat(secretKeyRef(container(rendered), "EDGE_BLOB_S3_SECRET_KEY")).isEqualTo("edge-blobs/AWS_SECRET_ACCESS_KEY");
    // Only object-service talks to the upstream.
    for (Deployment d : rendered.all(Deployment.class)) {
      if (!d.getMetadata().getName().equals(OBJECT_SERVICE)) {
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getName)
            .as(d.getMetadata().getName()).noneMatch(n -> n.startsWith("EDGE_BLOB_"));
      }
    }
  }

  @Test
  void s3_readsTheAccessKeyUnderTheKeyNamesGiven() {
    Container container = container(Chart.render(s3With(Map.of(
        "objectService.blobStore.s3.existingSecret", "edge-minio-user",
        "objectService.blobStore.s3.accessKeyIdKey", "accesskey",
        "objectService.blobStore.s3.secretAccessKeyKey", "secretkey"))));

    assertThat(secretKeyRef(container, "EDGE_BLOB_S3_ACCESS_KEY")).isEqualTo("edge-minio-user/accesskey");
    assertThat(secretKeyRef(container, "EDGE_BLOB_S3_SECRET_KEY")).isEqualTo("edge-minio-user/secretkey");
  }

  @Test
  void s3_withACaSecret_mountsTheBundleReadOnlyWhereEdgeBlobS3CaFilePoints() {
    Rendered rendered = Chart.render(s3With(Map.of(
        "objectService.blobStore.s3.endpoint", "https://rook-ceph-rgw-my-store.rook-ceph.svc",
        "objectService.blobStore.s3.caSecret", "rgw-ca",
        "objectService.blobStore.s3.caKey", "bundle.pem")));

    Volume ca = pod(rendered).getVolumes().stream().filter(v -> v.getName().equals("blob-store-ca")).findFirst().orElseThrow();
    assertThat(ca.getSecret().getSecretName()).isEqualTo("rgw-ca");
    assertThat(ca.getSecret().getItems()).singleElement().satisfies(item -> {
      assertThat(item.getKey()).isEqualTo("bundle.pem");
      assertThat(item.getPath()).isEqualTo("ca.crt");
    });
    VolumeMount mount = container(rendered).getVolumeMounts().stream().filter(m -> m.getName().equals("blob-store-ca"))
        .findFirst().orElseThrow();
    assertThat(mount.getReadOnly()).isTrue();
    assertThat(objectServiceConfig(rendered)).containsEntry("EDGE_BLOB_S3_CA_FILE", mount.getMountPath() + "/ca.crt");
    assertThat(pod(rendered).getVolumes()).extracting(Volume::getName).containsExactlyInAnyOrder("tmp", "blob-store-ca");
  }

  @Test
  void s3_needsNoSharedVolume_soTheFilesystemOnlyRefusalsDoNotApply() {
    Rendered rendered = Chart.render(s3With(Map.of(
        "objectService.blobStore.persistence.enabled", "false",
        "objectService.blobStore.persistence.accessMode", "ReadWriteOnce",
        "objectService.autoscaling.maxReplicas", "30")));

    // The data plane still scales and spreads: HPA, PDB and topology spread are there, nothing pins a pod to a volume.
    assertThat(rendered.get(HorizontalPodAutoscaler.class, OBJECT_SERVICE).getSpec().getMaxReplicas()).isEqualTo(30);
    assertThat(rendered.find(PodDisruptionBudget.class, OBJECT_SERVICE)).isPresent();
    assertThat(pod(rendered).getTopologySpreadConstraints()).hasSize(2);
    assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
  }

  @Test
  void changingTheUpstream_rollsThePods() {
    Map<String, String> other = s3With(Map.of("objectService.blobStore.s3.bucket", "another-bucket"));

    assertThat(configChecksum(Chart.render(other))).isNotEqualTo(configChecksum(Chart.render(S3)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "endpoint, the URL of the S3-compatible service",
      "bucket, an existing bucket",
      "existingSecret, a Secret with the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"})
  void s3_withoutARequiredSetting_failsNamingIt(String setting, String hint) {
    Map<String, String> sets = new HashMap<>(S3);
    sets.remove("objectService.blobStore.s3." + setting);

    assertThatThrownBy(() -> Chart.template(List.of(), sets))
        .hasMessageContaining("objectService.blobStore.s3." + setting + " is required when objectService.blobStore.kind is s3")
        .hasMessageContaining(hint);
  }

  /** The schema refuses an unknown kind (ValuesSchemaTest); with --skip-schema-validation the template still does. */
  @Test
  void anUnknownKind_isRefusedByTheTemplateWhenTheSchemaIsSkipped() throws IOException {
    Path chart = copyOfTheChartWithoutItsSchema();

    assertThatThrownBy(() -> new ChartRenderer(chart).template(List.of(), Map.of("objectService.blobStore.kind", "nfs")))
        .hasMessageContaining("objectService.blobStore.kind must be filesystem or s3, not \"nfs\"");
  }

  @Test
  void rookCephExample_readsTheObjectBucketClaimsSecret() {
    Rendered rendered = Chart.render(List.of(Chart.example("values-rook-ceph.yaml")), Map.of());

    assertThat(objectServiceConfig(rendered)).containsEntry("EDGE_BLOB_STORE", "s3")
        .containsEntry("EDGE_BLOB_S3_ENDPOINT", "http://rook-ceph-rgw-my-store.rook-ceph.svc")
        .containsEntry("EDGE_BLOB_S3_PATH_STYLE", "true");
    assertThat(secretKeyRef(container(rendered), "EDGE_BLOB_S3_ACCESS_KEY")).isEqualTo("edge-blobs/AWS_ACCESS_KEY_ID");
    assertThat(secretKeyRef(container(rendered), "EDGE_BLOB_S3_SECRET_KEY")).isEqualTo("edge-blobs/AWS_SECRET_ACCESS_KEY");
    assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
  }

  private Path copyOfTheChartWithoutItsSchema() throws IOException {
    Path copy = tmp.resolve("edge-storage");
    try (var files = Files.walk(Chart.CHART_DIR)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(Chart.CHART_DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals("values.schema.json")) {
          Files.copy(source, target);
        }
      }
    }
    return copy;
  }

  /** The least an s3 render needs, with these settings added or replaced. */
  private static Map<String, String> s3With(Map<String, String> settings) {
    Map<String, String> sets = new HashMap<>(S3);
    sets.putAll(settings);
    return sets;
  }

  private static Map<String, String> objectServiceConfig(Rendered rendered) {
    return rendered.get(ConfigMap.class, OBJECT_SERVICE).getData();
  }

  private static PodSpec pod(Rendered rendered) {
    return rendered.pod("object-service");
  }

  private static Container container(Rendered rendered) {
    return rendered.container("object-service");
  }

  private static String configChecksum(Rendered rendered) {
    return rendered.get(Deployment.class, OBJECT_SERVICE).getSpec().getTemplate().getMetadata().getAnnotations()
        .get("checksum/config");
  }
}
