package io.edgestorage.k8s;

import java.util.List;
import java.util.Map;

/** The four services, their ports and which of them are reachable from outside the release. */
final class Components {

  static final List<String> ALL = List.of("api-gateway", "presign-service", "key-service", "object-service");
  static final Map<String, Integer> PORTS = Map.of(
      "api-gateway", 8080, "presign-service", 8081, "key-service", 8082, "object-service", 9000);
  /** Each service's internal listener: /internal/** and /q/** (probes, metrics). */
  static final Map<String, Integer> INTERNAL_PORTS = Map.of(
      "api-gateway", 8180, "presign-service", 8181, "key-service", 8182, "object-service", 9180);
  /** Who may call each internal listener: the pods of service-common's InternalAccessPolicy table. */
  static final Map<String, java.util.Set<String>> CALLERS = Map.of(
      "api-gateway", java.util.Set.of(),
      "presign-service", java.util.Set.of("api-gateway"),
      "key-service", java.util.Set.of("api-gateway", "presign-service", "object-service"),
      "object-service", java.util.Set.of("api-gateway", "presign-service"));
  /** Only these accept traffic from outside the release (the Edge API and the S3 endpoint). */
  static final List<String> PUBLIC = List.of("api-gateway", "object-service");

  private Components() {
  }
}
