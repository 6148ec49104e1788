package io.edgestorage.presign.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** object-service's answer to {@code GET /internal/v1/buckets/{name}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BucketView(String name, String createdAt) {
}
