package io.edgestorage.sigv4.v2;

import java.time.Instant;

import io.edgestorage.sigv4.AuthLocation;

/**
 * A SigV2 request that passed the key-free checks. Send {@code accessKeyId}, {@code stringToSign} and
 * {@code signature} to key-service, which answers with {@link SigV2#verify}; the verdict may be cached
 * per (accessKeyId, stringToSign, signature) until the key changes.
 *
 * @param location     header or query auth
 * @param accessKeyId  the claimed signer
 * @param signature    the base64 signature sent
 * @param stringToSign the string the signature must cover
 * @param time         {@code Expires} (query auth) or the request date (header auth)
 * @param bucketVariant for a bucket request, the string to sign over the other form of its resource
 *                      ({@code /bucket} for {@code /bucket/} and back, see {@link SigV2#bucketResourceVariant}),
 *                      which S3 accepts as well; null otherwise
 */
public record SigV2Auth(AuthLocation location, String accessKeyId, String signature, String stringToSign, Instant time,
        String bucketVariant) implements SigV2ParseResult {

    /** A request whose resource has one form only (an object, the service). */
    public SigV2Auth(AuthLocation location, String accessKeyId, String signature, String stringToSign, Instant time) {
        this(location, accessKeyId, signature, stringToSign, time, null);
    }

    /** Never shows the signature. */
    @Override
    public String toString() {
        return "SigV2Auth[" + location + ", accessKeyId=" + accessKeyId + ", time=" + time + "]";
    }
}
