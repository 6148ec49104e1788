package io.edgestorage.presign.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where presigned URLs point: the public S3 endpoint and the region signatures are scoped to. */
@ConfigMapping(prefix = "edge.s3")
public interface S3EndpointConfig {

    /** {@code EDGE_S3_PUBLIC_URL}: scheme://host[:port] clients use to reach object-service. */
    @WithDefault("http://127.0.0.1:9000")
    String publicUrl();

    /** {@code EDGE_S3_REGION}. */
    @WithDefault("us-east-1")
    String region();
}
