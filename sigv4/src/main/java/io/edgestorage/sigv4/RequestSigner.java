package io.edgestorage.sigv4;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs an outgoing request with SigV4 in the {@code Authorization} header, as an AWS SDK does: every header
 * handed in is signed (the caller passes {@code host}, {@code x-amz-date}, {@code x-amz-content-sha256} and
 * whatever else the request carries). Holds one access key; the signing key is derived once per day.
 */
public final class RequestSigner {

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;
    private volatile SigningKey dayKey;

    public RequestSigner(String accessKeyId, String secretAccessKey, String region, String service) {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
            throw new IllegalArgumentException("an access key id and a secret are required");
        }
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.region = region;
        this.service = service;
    }

    /**
     * The {@code Authorization} value for the request.
     *
     * @param rawPath     the path as sent (already URI-encoded)
     * @param rawQuery    the query as sent, or null
     * @param headers     every header to sign, by name (any case); must hold {@code x-amz-date} with {@code time}
     * @param payloadHash the hex SHA-256 of the body, or {@code UNSIGNED-PAYLOAD}
     */
    public String authorization(String method, String rawPath, String rawQuery, Map<String, String> headers,
            String payloadHash, Instant time) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
        StringBuilder canonicalHeaders = new StringBuilder(256);
        List<String> names = new ArrayList<>(signed.size());
        signed.forEach((name, value) -> {
            names.add(name);
            canonicalHeaders.append(name).append(':').append(SigV4.canonicalHeaderValue(List.of(value))).append('\n');
        });
        String signedHeaders = SigV4.signedHeadersLine(names);
        String canonicalRequest = SigV4.canonicalRequest(method, SigV4.canonicalUri(rawPath),
                SigV4.canonicalQuery(rawQuery == null ? "" : rawQuery, false), canonicalHeaders.toString(),
                signedHeaders, payloadHash);
        SigningKey key = keyFor(time);
        String signature = key.signHex(SigV4.stringToSign(SigV4.formatAmzDate(time), key.scope(), canonicalRequest));
        return SigV4.ALGORITHM + " Credential=" + accessKeyId + '/' + key.scope() + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    private SigningKey keyFor(Instant time) {
        CredentialScope scope = CredentialScope.of(time, region, service);
        SigningKey key = dayKey;
        if (key == null || !key.scope().equals(scope)) {
            key = SigningKey.derive(secretAccessKey, scope);
            dayKey = key;
        }
        return key;
    }
}
