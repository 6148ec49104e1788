package io.edgestorage.objects.support;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.PresignRequest;
import io.edgestorage.sigv4.Presigner;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.SimpleHttpRequest;

/** Signs test requests: SigV4 presigned URLs and header auth (via the sigv4 module), SigV2 query auth. */
public final class Signing {

    private Signing() {
    }

    public static String presign(String method, String bucket, String key, Instant time, long expires,
            String accessKeyId, String secret, Map<String, String> extraQuery) {
        SigningKey signingKey = SigningKey.derive(secret, CredentialScope.of(time, "us-east-1", "s3"));
        return new Presigner().presign(PresignRequest.builder().method(method).endpoint(S3Clients.endpoint().toString())
                .bucket(bucket).key(key).expiresSeconds(expires).timestamp(time).accessKeyId(accessKeyId)
                .signingKey(signingKey).extraQueryParameters(extraQuery).build());
    }

    public static String presignA(String method, String bucket, String key, Map<String, String> extraQuery) {
        return presign(method, bucket, key, Instant.now(), 3600, FakeKeyService.KEY_A, FakeKeyService.SECRET_A, extraQuery);
    }

    /**
     * The {@code Authorization}, {@code x-amz-date} and {@code x-amz-content-sha256} headers of a SigV4
     * header-auth request whose signed payload hash is {@code payloadHash}.
     */
    public static Map<String, String> headerAuth(String method, URI uri, String payloadHash) {
        Instant now = Instant.now();
        String amzDate = SigV4.formatAmzDate(now);
        String host = uri.getHost() + ":" + uri.getPort();
        SimpleHttpRequest req = SimpleHttpRequest.builder().method(method).rawPath(uri.getRawPath())
                .rawQuery(uri.getRawQuery()).header("host", host).header("x-amz-date", amzDate)
                .header("x-amz-content-sha256", payloadHash).build();
        java.util.List<String> signed = java.util.List.of("host", "x-amz-content-sha256", "x-amz-date");
        CredentialScope scope = CredentialScope.of(now, "us-east-1", "s3");
        String canonical = SigV4.canonicalRequest(method, SigV4.canonicalUri(uri.getRawPath()),
                SigV4.canonicalQuery(uri.getRawQuery() == null ? "" : uri.getRawQuery(), false),
                SigV4.canonicalHeaders(req, signed), SigV4.signedHeadersLine(signed), payloadHash);
        String signature = SigningKey.derive(FakeKeyService.SECRET_A, scope)
                .signHex(SigV4.stringToSign(amzDate, scope, canonical));
        return Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=" + FakeKeyService.KEY_A + "/" + scope
                + ",SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=" + signature,
                "x-amz-date", amzDate, "x-amz-content-sha256", payloadHash);
    }

    /** A SigV2 presigned URL (boto3's default against custom endpoints). */
    public static String presignV2(String method, String bucket, String key, long expiresEpoch, String accessKeyId,
            String secret) {
        String path = "/" + bucket + "/" + key;
        return presignV2Resource(method, path, path, expiresEpoch, accessKeyId, secret);
    }

    /**
     * A SigV2 presigned URL for {@code path} whose canonicalized resource is {@code resource}: {@code /bucket/key}
     * for both styles, the path being {@code /key} in virtual-host style.
     */
    public static String presignV2Resource(String method, String path, String resource, long expiresEpoch, String accessKeyId,
            String secret) {
        String signature = sigV2(secret, method + "\n\n\n" + expiresEpoch + "\n" + resource);
        return S3Clients.endpoint() + path + "?AWSAccessKeyId=" + accessKeyId + "&Expires=" + expiresEpoch
                + "&Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8);
    }

    /** Base64 HMAC-SHA1, as SigV2 signs. */
    public static String sigV2(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
