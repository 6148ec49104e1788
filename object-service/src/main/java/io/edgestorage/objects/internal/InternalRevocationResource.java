package io.edgestorage.objects.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.objects.grants.Grants;
import io.edgestorage.objects.grants.ObjectRevocation;
import io.edgestorage.objects.metadata.ObjectRevocationRepository;
import io.smallrye.mutiny.Uni;

/**
 * Object revocations of a bucket (the takedown button): every presigned URL to the key, or to a key under the
 * prefix, issued before the revocation is refused from then on, SDK-presigned ones included.
 */
@Path("/internal/v1/buckets/{name}/revocations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalRevocationResource {

    static final int MAX_KEY_BYTES = 1024;

    public record RevokeObjects(String key, String prefix) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RevocationView(String id, String bucket, String key, String prefix, Instant notBefore) {
        static RevocationView of(ObjectRevocation r) {
            return new RevocationView(r.id(), r.bucket(), r.key(), r.prefix(), r.notBefore());
        }
    }

    private final OwnedBuckets ownedBuckets;
    private final Grants grants;
    private final ObjectRevocationRepository repository;
    private final Clock clock;

    public InternalRevocationResource(OwnedBuckets ownedBuckets, Grants grants, ObjectRevocationRepository repository,
            Clock clock) {
        this.ownedBuckets = ownedBuckets;
        this.grants = grants;
        this.repository = repository;
        this.clock = clock;
    }

    @POST
    public Uni<Response> revoke(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name, RevokeObjects body) {
        String key = body == null ? null : body.key();
        String prefix = body == null ? null : body.prefix();
        if ((key == null) == (prefix == null)) {
            throw ProblemException.badRequest("key-or-prefix", "Send {key} or {prefix}, exactly one of them");
        }
        String target = key != null ? key : prefix;
        if (key != null && key.isEmpty()) {
            throw ProblemException.badRequest("invalid-key", "key must not be empty");
        }
        if (target.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES || target.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest(key != null ? "invalid-key" : "invalid-prefix",
                    (key != null ? "key" : "prefix") + " must be at most 1024 bytes in UTF-8, without NUL");
        }
        return ownedBuckets.owned(account, name)
                .chain(b -> grants.revokeObjects(b.accountId(), b.name(), key, prefix))
                .map(r -> Response.status(201).entity(RevocationView.of(r)).build());
    }

    /** The revocations that can still refuse a live URL, newest first. */
    @GET
    public Uni<List<RevocationView>> list(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name) {
        return ownedBuckets.owned(account, name)
                .chain(b -> repository.ofBucket(b.name(), clock.instant().minus(Grants.LONGEST_URL_LIFE)))
                .map(list -> list.stream().map(RevocationView::of).toList());
    }
}
