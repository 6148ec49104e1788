package io.edgestorage.objects.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.objects.grants.GrantRecord;
import io.edgestorage.objects.grants.Grants;
import io.edgestorage.objects.metadata.GrantCursor;
import io.edgestorage.objects.metadata.GrantRepository;
import io.smallrye.mutiny.Uni;

/**
 * Grants through the internal API (docs/internal-api.md): presign-service records the grants it issues in
 * batches; the gateway lists, reads and revokes them for an account ({@code X-Edge-Account}). Another
 * account's grant is answered as absent.
 */
@Path("/internal/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalGrantResource {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    /** A grant as presign-service records it. */
    public record IssuedGrant(String grantId, String account, String bucket, String key, String method, String keyId,
            Instant createdAt, Instant expires, Long maxBytes, List<String> contentTypes, Boolean overwrite, Long uses,
            Map<String, String> context) {
    }

    public record GrantBatch(List<IssuedGrant> grants) {
    }

    /** The Edge API's view of a grant. */
    public record GrantView(String grantId, String bucket, String key, String method, Instant expires, Long uses,
            long used, Instant lastUsedAt, Instant createdAt, Instant revokedAt, String keyId,
            Map<String, String> context, String state, Long maxBytes, List<String> contentTypes, boolean overwrite) {

        static GrantView of(GrantRecord g, Instant now) {
            return new GrantView(g.grantId(), g.bucket(), g.key(), g.method(), g.expiresAt(), g.uses(), g.used(),
                    g.lastUsedAt(), g.createdAt(), g.revokedAt(), g.keyId(), g.context(),
                    g.state(now).name().toLowerCase(java.util.Locale.ROOT), g.maxBytes(), g.contentTypes(),
                    g.overwrite());
        }
    }

    public record GrantPage(List<GrantView> grants, String nextCursor) {
    }

    private final GrantRepository repository;
    private final Grants grants;
    private final Clock clock;

    public InternalGrantResource(GrantRepository repository, Grants grants, Clock clock) {
        this.repository = repository;
        this.grants = grants;
        this.clock = clock;
    }

    @POST
    public Uni<Response> record(GrantBatch batch) {
        if (batch == null || batch.grants() == null || batch.grants().isEmpty()) {
            throw ProblemException.badRequest("grants-required", "A body {grants: [...]} with at least one grant is required");
        }
        List<GrantRecord> records = new ArrayList<>(batch.grants().size());
        for (IssuedGrant g : batch.grants()) {
            records.add(toRecord(g));
        }
        return repository.insertAll(records).map(v -> Response.noContent().build());
    }

    @GET
    public Uni<GrantPage> list(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @QueryParam("bucket") String bucket, @QueryParam("key") String key, @QueryParam("prefix") String prefix,
            @QueryParam("state") String state, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("" + DEFAULT_PAGE) String limit) {
        String owner = requireAccount(account);
        if (key != null && prefix != null) {
            throw ProblemException.badRequest("key-and-prefix", "Filter by key or by prefix, not both");
        }
        GrantRecord.State parsedState = null;
        if (state != null) {
            parsedState = GrantRecord.State.of(state);
            if (parsedState == null) {
                throw ProblemException.badRequest("invalid-state", "state must be active, revoked, used or expired");
            }
        }
        GrantCursor after = null;
        if (cursor != null) {
            try {
                after = GrantCursor.decode(cursor);
            } catch (GrantCursor.InvalidCursor e) {
                throw ProblemException.badRequest("invalid-cursor", e.getMessage());
            }
        }
        int pageSize = pageSize(limit);
        Instant now = clock.instant();
        return repository.list(owner, bucket, key, prefix, parsedState, after, pageSize, now)
                .map(page -> new GrantPage(page.grants().stream().map(g -> GrantView.of(g, now)).toList(),
                        page.nextCursor()));
    }

    @GET
    @Path("/{id}")
    public Uni<GrantView> get(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("id") String id) {
        return ofAccountGrant(account, id, repository::find).map(g -> GrantView.of(g, clock.instant()));
    }

    /** Revokes the grant on every replica; revoking a revoked grant again is the same 204. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("id") String id) {
        return ofAccountGrant(account, id, grants::revoke).map(revoked -> Response.noContent().build());
    }

    private static GrantRecord toRecord(IssuedGrant g) {
        if (!GrantPolicy.isGrantId(g.grantId()) || g.account() == null || g.bucket() == null || g.key() == null
                || !("GET".equals(g.method()) || "PUT".equals(g.method())) || g.keyId() == null
                || g.createdAt() == null || g.expires() == null) {
            throw ProblemException.badRequest("invalid-grant",
                    "Each grant needs grantId, account, bucket, key, method (GET|PUT), keyId, createdAt and expires");
        }
        return new GrantRecord(g.grantId(), g.account(), g.bucket(), g.key(), g.method(), g.keyId(), g.maxBytes(),
                g.contentTypes(), g.overwrite() == null || g.overwrite(), g.uses(), 0, null,
                g.context() == null ? Map.of() : g.context(), g.createdAt(), g.expires(), null);
    }

    private static int pageSize(String limit) {
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_PAGE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("invalid-limit", "limit must be a whole number from 1 to " + MAX_PAGE);
    }

    static ProblemException noSuchGrant(String id) {
        return ProblemException.notFound("no-such-grant", "No grant " + id + " for this account");
    }

    private static String requireAccount(String account) {
        return OwnedBuckets.requireAccount(account);
    }

    /** {@code action} on the account's grant {@code id}; 404 when the id is impossible or not the account's. */
    private static Uni<GrantRecord> ofAccountGrant(String account, String id,
            BiFunction<String, String, Uni<GrantRecord>> action) {
        String owner = requireAccount(account);
        if (!GrantPolicy.isGrantId(id)) {
            throw noSuchGrant(id);
        }
        return action.apply(owner, id).map(g -> {
            if (g == null) {
                throw noSuchGrant(id);
            }
            return g;
        });
    }
}
