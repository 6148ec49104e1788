package io.edgestorage.k8s;

import static io.edgestorage.k8s.Rendered.secretKeyRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;

/** Credentials come from Secrets the chart renders from values, or from Secrets the user manages. */
class SecretsTest {

  private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  @Test
  void byDefault_everyCredentialComesFromSecretsTheUserManages() {
    Rendered rendered = Chart.render(Map.of());

    assertThat(rendered.all(Secret.class)).as("the chart renders no Secret").isEmpty();
    Container keyService = rendered.container("key-service");
    assertThat(secretKeyRef(keyService, "EDGE_MASTER_KEY")).isEqualTo("edge-storage-credentials/master-key");
    assertThat(secretKeyRef(keyService, "EDGE_INTERNAL_TOKEN_API_GATEWAY")).isEqualTo("edge-internal-api-gateway/token");
    assertThat(secretKeyRef(keyService, "EDGE_INTERNAL_TOKEN_OBJECT_SERVICE")).isEqualTo("edge-internal-object-service/token");
    assertThat(secretKeyRef(keyService, "EDGE_INTERNAL_TOKEN_PRESIGN_SERVICE")).isEqualTo("edge-internal-presign-service/token");
    assertThat(secretKeyRef(keyService, "EDGE_PG_PASSWORD")).isEqualTo("edge-pg-app/password");
    assertThat(secretKeyRef(keyService, "EDGE_PG_USER")).isEqualTo("edge-pg-app/username");
  }

  @Test
  void givenValues_theChartRendersTheSecretAndEveryServiceReadsIt() {
    Rendered rendered = Chart.render(Map.of(
        "secrets.existingSecret", "",
        "secrets.masterKey", MASTER_KEY,
        "database.existingSecret", "",
        "database.password", "pg-password-from-values"));

    Secret credentials = rendered.get(Secret.class, "edge-storage-credentials");
    assertThat(decode(credentials, "master-key")).isEqualTo(MASTER_KEY);
    assertThat(credentials.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    assertThat(decode(rendered.get(Secret.class, "edge-storage-database"), "password")).isEqualTo("pg-password-from-values");
    assertThat(secretKeyRef(rendered.container("object-service"), "EDGE_PG_PASSWORD")).isEqualTo("edge-storage-database/password");
    // Only key-service holds the master key.
    for (String component : List.of("api-gateway", "presign-service", "object-service")) {
      assertThat(rendered.container(component).getEnv()).extracting(EnvVar::getName).doesNotContain("EDGE_MASTER_KEY");
    }
  }

  /** Which caller credentials each pod gets: its own (if it calls anyone) and those of the services calling it. */
  private static final Map<String, Map<String, Boolean>> CREDENTIALS_OF = Map.of(
      "api-gateway", Map.of("API_GATEWAY", false),
      "presign-service", Map.of("PRESIGN_SERVICE", false, "API_GATEWAY", true),
      "object-service", Map.of("OBJECT_SERVICE", false, "API_GATEWAY", true, "PRESIGN_SERVICE", true),
      "key-service", Map.of("API_GATEWAY", true, "PRESIGN_SERVICE", true, "OBJECT_SERVICE", true));

  @Test
  void eachPod_getsOnlyItsOwnInternalCredential_andThoseOfItsCallers_eachFromTheCallersSecret() {
    Rendered rendered = Chart.render(Map.of());
    for (String component : Components.ALL) {
      Container c = rendered.container(component);
      Map<String, Boolean> expected = CREDENTIALS_OF.get(component);
      List<String> names = c.getEnv().stream().map(EnvVar::getName).filter(n -> n.startsWith("EDGE_INTERNAL_TOKEN")).toList();
      List<String> want = new java.util.ArrayList<>();
      expected.forEach((caller, receives) -> {
        want.add("EDGE_INTERNAL_TOKEN_" + caller);
        String secret = "edge-internal-" + caller.toLowerCase().replace('_', '-');
        assertThat(secretKeyRef(c, "EDGE_INTERNAL_TOKEN_" + caller)).as(component).isEqualTo(secret + "/token");
        if (receives) {
          // a receiver also accepts the previous credential while it changes (optional key)
          want.add("EDGE_INTERNAL_TOKEN_" + caller + "_PREVIOUS");
          assertThat(secretKeyRef(c, "EDGE_INTERNAL_TOKEN_" + caller + "_PREVIOUS")).isEqualTo(secret + "/token-previous");
        }
      });
      assertThat(names).as("%s's internal credentials", component).containsExactlyInAnyOrderElementsOf(want);
    }
  }

  @Test
  void givenTokens_theChartRendersASecretPerCaller_andTheOperatorsOnlyWhenGiven() {
    String gateway = "gateway-credential-of-at-least-32-characters";
    Rendered rendered = Chart.render(Map.of(
        "secrets.internalCredentials.apiGateway.existingSecret", "",
        "secrets.internalCredentials.apiGateway.token", gateway));
    assertThat(decode(rendered.get(Secret.class, "edge-storage-internal-api-gateway"), "token")).isEqualTo(gateway);
    assertThat(secretKeyRef(rendered.container("key-service"), "EDGE_INTERNAL_TOKEN_API_GATEWAY"))
        .isEqualTo("edge-storage-internal-api-gateway/token");
    assertThat(rendered.container("key-service").getEnv()).extracting(EnvVar::getName)
        .doesNotContain("EDGE_INTERNAL_TOKEN_OPERATOR");

    Rendered withOperator = Chart.render(Map.of("secrets.internalCredentials.operator.existingSecret", "edge-ops"));
    assertThat(secretKeyRef(withOperator.container("key-service"), "EDGE_INTERNAL_TOKEN_OPERATOR")).isEqualTo("edge-ops/token");
    for (String component : List.of("api-gateway", "presign-service", "object-service")) {
      assertThat(withOperator.container(component).getEnv()).extracting(EnvVar::getName)
          .as("only key-service accepts the operator").doesNotContain("EDGE_INTERNAL_TOKEN_OPERATOR");
    }
  }

  @Test
  void aCallerWithoutSecretOrToken_failsWithTheCommandToMakeOne() {
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of("secrets.internalCredentials.objectService.existingSecret", "")))
        .hasMessageContaining("secrets.internalCredentials.objectService needs an existingSecret or a token");
  }

  @Test
  void masterKeyRotation_readsTheOldKeysAndTheKeyIdFromTheSameSecretWhenPresent() {
    String oldKey = "mk-2025:" + MASTER_KEY;
    Rendered rendered = Chart.render(Map.of(
        "secrets.existingSecret", "",
        "secrets.masterKey", "6BhpcnQG5fRblYAuNbFbgPTSDIP5YONJ7Xi8yLGsxdQ=",
        "secrets.masterKeyId", "mk-2026",
        "secrets.masterKeysOld", oldKey,
        "database.existingSecret", "", "database.password", "pg-password-from-values"));

    Secret credentials = rendered.get(Secret.class, "edge-storage-credentials");
    assertThat(decode(credentials, "master-keys-old")).isEqualTo(oldKey);
    assertThat(decode(credentials, "master-key-id")).isEqualTo("mk-2026");
    Container keyService = rendered.container("key-service");
    assertThat(secretKeyRef(keyService, "EDGE_MASTER_KEYS_OLD")).isEqualTo("edge-storage-credentials/master-keys-old");
    assertThat(secretKeyRef(keyService, "EDGE_MASTER_KEY_ID")).isEqualTo("edge-storage-credentials/master-key-id");
    // Optional: a Secret without these keys (no rotation yet) still starts the pod.
    assertThat(keyService.getEnv()).filteredOn(e -> e.getName().startsWith("EDGE_MASTER_KEY"))
        .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef().getOptional())
            .isEqualTo(e.getName().equals("EDGE_MASTER_KEY") ? null : Boolean.TRUE));
  }

  @Test
  void missingMasterKeyWithoutExistingSecret_failsWithTheCommandToMakeOne() {
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of(
        "secrets.existingSecret", "")))
        .hasMessageContaining("secrets.masterKey is required (openssl rand -base64 32)");
  }

  @Test
  void missingDatabasePasswordWithoutExistingSecret_failsClearly() {
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of("database.existingSecret", "")))
        .hasMessageContaining("database.password is required");
  }

  @Test
  void bootstrapAccount_passesTheAccountAndItsTokenToKeyServiceOnly() {
    Rendered rendered = Chart.render(Map.of("keyService.bootstrapAccount", "platform"));

    Container keyService = rendered.container("key-service");
    assertThat(secretKeyRef(keyService, "EDGE_BOOTSTRAP_TOKEN")).isEqualTo("edge-storage-credentials/bootstrap-token");
    assertThat(rendered.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "edge-storage-key-service").getData())
        .containsEntry("EDGE_BOOTSTRAP_ACCOUNT", "platform");
    assertThat(rendered.container("api-gateway").getEnv()).extracting(EnvVar::getName).doesNotContain("EDGE_BOOTSTRAP_TOKEN");
  }

  @Test
  void kafkaSasl_readsTheJaasConfigFromTheStrimziUserSecret() {
    Rendered rendered = Chart.render(Map.of(
        "kafka.securityProtocol", "SASL_SSL", "kafka.saslMechanism", "SCRAM-SHA-512", "kafka.existingSecret", "edge-user"));

    for (String component : List.of("presign-service", "key-service", "object-service")) {
      Container c = rendered.container(component);
      assertThat(secretKeyRef(c, "KAFKA_SASL_JAAS_CONFIG")).isEqualTo("edge-user/sasl.jaas.config");
      assertThat(c.getEnv()).anySatisfy(e -> {
        assertThat(e.getName()).isEqualTo("KAFKA_SECURITY_PROTOCOL");
        assertThat(e.getValue()).isEqualTo("SASL_SSL");
      });
    }
  }

  private static String decode(Secret secret, String key) {
    return new String(Base64.getDecoder().decode(secret.getData().get(key)));
  }
}
