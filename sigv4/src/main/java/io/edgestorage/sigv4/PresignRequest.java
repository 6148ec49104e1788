package io.edgestorage.sigv4;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a presigned URL is made of. Build with {@link #builder()}.
 *
 * @param method               HTTP method, e.g. {@code GET} or {@code PUT}
 * @param endpoint             scheme, host and optional port, e.g. {@code http://127.0.0.1:9000} (path-style URLs)
 * @param bucket               bucket name
 * @param key                  object key, raw UTF-8, unencoded; empty for a bucket-level URL
 * @param expiresSeconds       1 … 604800
 * @param timestamp            signing time ({@code X-Amz-Date}); its UTC day must equal the signing key's scope date
 * @param accessKeyId          access key id put in the credential
 * @param signingKey           derived key for the timestamp's day, the region and {@code s3}
 * @param signedHeaders        headers the client must send exactly (e.g. {@code content-type}); {@code host} is always signed
 * @param extraQueryParameters additional signed query parameters (e.g. {@code response-content-disposition}), unencoded
 */
public record PresignRequest(
        String method,
        String endpoint,
        String bucket,
        String key,
        long expiresSeconds,
        Instant timestamp,
        String accessKeyId,
        SigningKey signingKey,
        Map<String, String> signedHeaders,
        Map<String, String> extraQueryParameters) {

    /** S3's maximum presigned URL lifetime: seven days. */
    public static final long MAX_EXPIRES_SECONDS = 604_800;

    public PresignRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(signingKey, "signingKey");
        key = key == null ? "" : key;
        if (method.isEmpty() || !method.equals(method.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("method must be upper-case and non-empty: " + method);
        }
        if (bucket.isEmpty() || bucket.indexOf('/') >= 0) {
            throw new IllegalArgumentException("bucket must be non-empty and contain no '/'");
        }
        if (expiresSeconds < 1 || expiresSeconds > MAX_EXPIRES_SECONDS) {
            throw new IllegalArgumentException("expiresSeconds must be within 1..604800: " + expiresSeconds);
        }
        checkEndpoint(endpoint);
        CredentialScope expectedScope = CredentialScope.of(timestamp, signingKey.scope().region(), signingKey.scope().service());
        if (!expectedScope.equals(signingKey.scope())) {
            throw new IllegalArgumentException("signing key scope " + signingKey.scope()
                    + " does not match the timestamp's day " + expectedScope.date());
        }
        signedHeaders = lowerCaseCopy(signedHeaders);
        extraQueryParameters = extraQueryParameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(extraQueryParameters));
    }

    // Services presign against a handful of endpoints; URI parsing each time would dominate presign cost.
    private static final Set<String> CHECKED_ENDPOINTS = ConcurrentHashMap.newKeySet();

    private static void checkEndpoint(String endpoint) {
        if (CHECKED_ENDPOINTS.contains(endpoint)) {
            return;
        }
        URI uri = URI.create(endpoint);
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("endpoint must be scheme://host[:port] without path or query: " + endpoint);
        }
        if (CHECKED_ENDPOINTS.size() < 64) {
            CHECKED_ENDPOINTS.add(endpoint);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The instant after which the URL is refused. */
    public Instant expiresAt() {
        return timestamp.plusSeconds(expiresSeconds);
    }

    private static Map<String, String> lowerCaseCopy(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> copy.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, name)));
        return Collections.unmodifiableMap(copy);
    }

    /** A fluent builder; {@link #build()} validates. */
    public static final class Builder {
        private String method = "GET";
        private String endpoint;
        private String bucket;
        private String key;
        private long expiresSeconds = 3600;
        private Instant timestamp;
        private String accessKeyId;
        private SigningKey signingKey;
        private final Map<String, String> signedHeaders = new LinkedHashMap<>();
        private final Map<String, String> extraQueryParameters = new LinkedHashMap<>();

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder expiresSeconds(long expiresSeconds) {
            this.expiresSeconds = expiresSeconds;
            return this;
        }

        /** Whole seconds only: SigV4 expiry has no fractions. */
        public Builder expires(Duration expires) {
            if (expires.getNano() != 0) {
                throw new IllegalArgumentException("expiry must be whole seconds: " + expires);
            }
            this.expiresSeconds = expires.getSeconds();
            return this;
        }

        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public Builder accessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
            return this;
        }

        public Builder signingKey(SigningKey signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        public Builder signedHeader(String name, String value) {
            this.signedHeaders.put(name, value);
            return this;
        }

        public Builder signedHeaders(Map<String, String> headers) {
            this.signedHeaders.putAll(headers);
            return this;
        }

        public Builder queryParameter(String name, String value) {
            this.extraQueryParameters.put(name, value);
            return this;
        }

        public Builder extraQueryParameters(Map<String, String> parameters) {
            this.extraQueryParameters.putAll(parameters);
            return this;
        }

        public PresignRequest build() {
            return new PresignRequest(method, endpoint, bucket, key, expiresSeconds, timestamp, accessKeyId,
                    signingKey, signedHeaders, extraQueryParameters);
        }
    }
}
