package io.edgestorage.presign.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.presign.Action;
import io.edgestorage.presign.GrantSpec;
import io.edgestorage.presign.PresignSpec;
import io.edgestorage.presign.client.IssuedGrant;
import io.edgestorage.presign.config.S3EndpointConfig;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.PresignRequest;
import io.edgestorage.sigv4.Presigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/**
 * Checks ownership, fetches the signing key, signs and records the grant: the whole presign flow for one
 * request. A URL is answered only once its grant is recorded ({@link GrantRecorder}).
 */
@ApplicationScoped
public class PresignService {

    private static final Presigner PRESIGNER = new Presigner();

    private final BucketOwnership ownership;
    private final SigningKeys signingKeys;
    private final GrantRecorder recorder;
    private final S3EndpointConfig endpoint;
    private final Clock clock;
    private final Counter uploads;
    private final Counter downloads;

    public PresignService(BucketOwnership ownership, SigningKeys signingKeys, GrantRecorder recorder,
            S3EndpointConfig endpoint, Clock clock, MeterRegistry registry) {
        this.ownership = ownership;
        this.signingKeys = signingKeys;
        this.recorder = recorder;
        this.endpoint = endpoint;
        this.clock = clock;
        this.uploads = Counter.builder("edge.presigns.issued").tag("action", "upload")
                .description("Presigned URLs issued").register(registry);
        this.downloads = Counter.builder("edge.presigns.issued").tag("action", "download")
                .description("Presigned URLs issued").register(registry);
    }

    /** A signed URL and what the client must send with it. */
    public record Presigned(String url, String method, Instant expires, String keyId, Map<String, String> headers,
            String grantId) {
    }

    /**
     * The presign, answered once its grant is recorded, when the bucket's ownership and the signing key are
     * both cached (the usual case), else null: then {@link #presign} loads what is missing. Spares the hot
     * path a Uni pipeline.
     */
    public Future<Presigned> presignFromCache(String account, String bucket, PresignSpec spec) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (ownership.cachedOwned(account, bucket) == null) {
            return null;
        }
        SigningKeys.AccountKey key = signingKeys.cached(account, spec.keyId(), scopeAt(now));
        return key == null ? null : signAndRecord(account, bucket, spec, now, key);
    }

    public Uni<Presigned> presign(String account, String bucket, PresignSpec spec, String requestId) {
        // One instant for the scope date and X-Amz-Date so the key's day always matches the signature's.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CredentialScope scope = scopeAt(now);
        return ownership.requireOwned(account, bucket, requestId)
                .chain(() -> signingKeys.forScope(account, spec.keyId(), scope, requestId))
                .chain(key -> Uni.createFrom()
                        .completionStage(() -> signAndRecord(account, bucket, spec, now, key).toCompletionStage()));
    }

    private Future<Presigned> signAndRecord(String account, String bucket, PresignSpec spec, Instant now,
            SigningKeys.AccountKey key) {
        Presigned presigned = sign(bucket, spec, now, key);
        return recorder.record(issued(account, bucket, spec, now, presigned)).map(presigned);
    }

    /** The grant's row: what the URL was issued for, its limits (null when unlimited) and its context. */
    private static IssuedGrant issued(String account, String bucket, PresignSpec spec, Instant now, Presigned p) {
        GrantSpec grant = spec.grant();
        List<String> contentTypes = grant.contentTypes().isEmpty() ? null
                : grant.contentTypes().stream().map(Object::toString).toList();
        return new IssuedGrant(p.grantId(), account, bucket, spec.key(), p.method(), p.keyId(), now.toString(),
                p.expires().toString(), grant.maxBytes() == GrantPolicy.UNLIMITED ? null : grant.maxBytes(),
                contentTypes, grant.overwrite(), grant.uses() == GrantPolicy.UNLIMITED ? null : grant.uses(),
                grant.context());
    }

    private CredentialScope scopeAt(Instant now) {
        return CredentialScope.of(now, endpoint.region(), "s3");
    }

    private Presigned sign(String bucket, PresignSpec spec, Instant now, SigningKeys.AccountKey key) {
        PresignRequest.Builder request = PresignRequest.builder()
                .method(spec.action().method())
                .endpoint(endpoint.publicUrl())
                .bucket(bucket)
                .key(spec.key())
                .expires(spec.expires())
                .timestamp(now)
                .accessKeyId(key.accessKeyId())
                .signingKey(key.signingKey());
        Map<String, String> headers = new LinkedHashMap<>();
        if (spec.contentType() != null) {
            request.signedHeader("content-type", spec.contentType());
            headers.put("Content-Type", spec.contentType());
        }
        if (spec.contentDisposition() != null) {
            request.queryParameter("response-content-disposition", spec.contentDisposition());
        }
        // The grant's id and limits are signed like any query parameter: a holder who edits them breaks the signature.
        String grantId = GrantPolicy.newGrantId();
        spec.grant().policy(grantId).toQueryParameters().forEach(request::queryParameter);
        PresignRequest built = request.build();
        String url = PRESIGNER.presign(built);
        (spec.action() == Action.UPLOAD ? uploads : downloads).increment();
        return new Presigned(url, spec.action().method(), built.expiresAt(), key.accessKeyId(), headers, grantId);
    }
}
