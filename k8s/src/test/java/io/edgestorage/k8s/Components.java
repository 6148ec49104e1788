package io.edgestorage.k8s;

import java.util.List;
import java.util.Map;

/** The four services, their ports and which of them are reachable from outside the release. */
final class Components {

  static final List<String> ALL = List.of("api-gateway", "presign-service", "key-service", "object-service");
  static final Map<String, Integer> PORTS = Map.of(
      "api-gateway", 8080, "presign-service", 8081, "key-service", 8082, "object-service", 9000);
  /** Only these accept traffic from outside the release (the Edge API and the S3 endpoint). */
  static final List<String> PUBLIC = List.of("api-gateway", "object-service");

  private Components() {
  }
}
