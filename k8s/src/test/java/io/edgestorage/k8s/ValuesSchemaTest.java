package io.edgestorage.k8s;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json makes bad values fail at install time, naming the offending key. */
class ValuesSchemaTest {

  @TempDir
  Path tmp;

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("replicas as a word", "objectService:\n  replicas: three\n", "/objectService/replicas"),
        Arguments.of("negative replicas", "apiGateway:\n  replicas: -1\n", "/apiGateway/replicas"),
        Arguments.of("misspelt key", "objectService:\n  replica: 3\n", "replica"),
        Arguments.of("unknown top-level key", "objectservice:\n  replicas: 3\n", "objectservice"),
        Arguments.of("HPA bound as a string", "objectService:\n  autoscaling:\n    maxReplicas: \"10\"\n", "maxReplicas"),
        Arguments.of("CPU target over 100 %", "objectService:\n  autoscaling:\n    targetCPUUtilizationPercentage: 150\n",
            "targetCPUUtilizationPercentage"),
        Arguments.of("port out of range", "keyService:\n  port: 70000\n", "/keyService/port"),
        Arguments.of("master key not 32 bytes of base64", "secrets:\n  existingSecret: \"\"\n  masterKey: c2hvcnQ=\n",
            "masterKey"),
        Arguments.of("short internal credential",
            "secrets:\n  internalCredentials:\n    apiGateway:\n      existingSecret: \"\"\n      token: short\n", "token"),
        Arguments.of("an internal credential of an unknown caller",
            "secrets:\n  internalCredentials:\n    someone:\n      token: x\n", "someone"),
        Arguments.of("privilege escalation allowed", "securityContext:\n  allowPrivilegeEscalation: true\n",
            "allowPrivilegeEscalation"),
        Arguments.of("running as root allowed", "securityContext:\n  runAsNonRoot: false\n", "runAsNonRoot"),
        Arguments.of("capabilities not dropped", "securityContext:\n  capabilities:\n    drop: [NET_RAW]\n", "drop"),
        Arguments.of("limits removed", "keyService:\n  resources:\n    limits: null\n", "limits"),
        Arguments.of("memory quantity malformed", "keyService:\n  resources:\n    requests: {cpu: 100m, memory: lots}\n"
            + "    limits: {cpu: 1, memory: 1Gi}\n", "memory"),
        Arguments.of("Kafka bootstrap without port", "kafka:\n  bootstrap: kafka\n", "/kafka/bootstrap"),
        Arguments.of("unknown Kafka security protocol", "kafka:\n  securityProtocol: TLS\n", "securityProtocol"),
        Arguments.of("public URL without scheme", "presignService:\n  s3PublicUrl: s3.example.com\n", "s3PublicUrl"),
        Arguments.of("/internal no longer blocked", "ingress:\n  storage:\n    blockedPaths: [\"/q\"]\n", "blockedPaths"),
        Arguments.of("unknown pull policy", "image:\n  pullPolicy: Sometimes\n", "pullPolicy"),
        Arguments.of("unknown blob store", "objectService:\n  blobStore:\n    kind: nfs\n", "/objectService/blobStore/kind"),
        Arguments.of("upstream endpoint without scheme",
            "objectService:\n  blobStore:\n    s3:\n      endpoint: rgw.rook-ceph.svc\n", "endpoint"),
        Arguments.of("empty upstream prefix (the orphan sweep would cover the whole bucket)",
            "objectService:\n  blobStore:\n    s3:\n      prefix: \"\"\n", "prefix"),
        Arguments.of("misspelt upstream setting", "objectService:\n  blobStore:\n    s3:\n      bucketName: b\n", "bucketName"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void badValues_failRenderingNamingTheKey(String description, String yaml, String key) throws IOException {
    Path values = Files.writeString(tmp.resolve("bad.yaml"), yaml);

    assertThatThrownBy(() -> Chart.template(List.of(values), Map.of()))
        .as(description)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(key);
  }

  @Test
  void replicasGivenAsAStringOnTheCommandLine_areRejected() {
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of("objectService.replicas", "three")))
        .hasMessageContaining("/objectService/replicas");
  }

  @Test
  void valuesOfTheRightShape_areAccepted() throws IOException {
    Path values = Files.writeString(tmp.resolve("good.yaml"), """
        objectService:
          replicas: 3
          autoscaling: {enabled: false, minReplicas: 1, maxReplicas: 1, targetCPUUtilizationPercentage: 80}
          podDisruptionBudget: {maxUnavailable: 50%}
        kafka:
          bootstrap: a:9092,b:9092
        """);

    assertThatCode(() -> Chart.template(List.of(values), Map.of())).doesNotThrowAnyException();
  }
}
