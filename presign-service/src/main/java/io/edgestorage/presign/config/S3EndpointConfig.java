package io.edgestorage.presign.config;

import io.smallrye.config.ConfigMapping;

/**
 * Where presigned URLs point: the public S3 endpoint and the region signatures are scoped to (defaults beside
 * their environment variables in application.properties).
 */
@ConfigMapping(prefix = "edge.s3")
public interface S3EndpointConfig {

    /** {@code EDGE_S3_PUBLIC_URL}: scheme://host[:port] clients use to reach object-service. */
    String publicUrl();

    /** {@code EDGE_S3_REGION}. */
    String region();
}
