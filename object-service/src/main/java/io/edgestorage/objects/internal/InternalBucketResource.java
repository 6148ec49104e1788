package io.edgestorage.objects.internal;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.objects.Bucket;
import io.edgestorage.objects.BucketAccess;
import io.edgestorage.objects.BucketNames;
import io.edgestorage.objects.CorsRule;
import io.edgestorage.objects.metadata.BucketRepository;
import io.edgestorage.objects.metadata.CorsRepository;
import io.edgestorage.objects.s3.semantics.CorsValidation;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's bucket API (docs/internal-api.md): JSON in and out, problem+json errors, the account
 * from {@code X-Edge-Account} (trusted only behind the internal credential filter).
 */
@Path("/internal/v1/buckets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalBucketResource {

    public record BucketView(String name, OffsetDateTime createdAt) {
        static BucketView of(Bucket b) {
            return new BucketView(b.name(), b.createdAt());
        }
    }

    public record CreateBucket(String name) {
    }

    public record CorsConfiguration(List<CorsRule> rules) {
    }

    /** Who may read the bucket without signing: {@code read} (objects and listings) or {@code none}. */
    public record Access(@JsonProperty("public") String publicAccess) {
        static Access of(Bucket b) {
            return new Access(b.access().edgeName());
        }
    }

    private final BucketRepository buckets;
    private final CorsRepository cors;
    private final OwnedBuckets ownedBuckets;

    public InternalBucketResource(BucketRepository buckets, CorsRepository cors, OwnedBuckets ownedBuckets) {
        this.buckets = buckets;
        this.cors = cors;
        this.ownedBuckets = ownedBuckets;
    }

    @GET
    public Uni<List<BucketView>> list(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account) {
        return buckets.listByAccount(requireAccount(account)).map(l -> l.stream().map(BucketView::of).toList());
    }

    @POST
    public Uni<Response> create(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account, CreateBucket body) {
        String owner = requireAccount(account);
        String name = body == null ? null : body.name();
        String problem = BucketNames.problem(name);
        if (problem != null) {
            throw ProblemException.badRequest("invalid-bucket-name", problem);
        }
        return buckets.create(name, owner).flatMap(created -> {
            if (created != null) {
                return Uni.createFrom().item(Response.status(201).entity(BucketView.of(created)).build());
            }
            return buckets.find(name).map(existing -> {
                if (existing != null && existing.accountId().equals(owner)) {
                    throw ProblemException.conflict("bucket-already-owned-by-you", "You already own bucket " + name);
                }
                throw ProblemException.conflict("bucket-already-exists", "The bucket name " + name + " is taken");
            });
        });
    }

    @GET
    @Path("/{name}")
    public Uni<BucketView> get(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name) {
        return owned(account, name).map(BucketView::of);
    }

    @DELETE
    @Path("/{name}")
    public Uni<Response> delete(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name) {
        return owned(account, name).flatMap(b -> buckets.delete(b.name())).map(result -> switch (result) {
            case DELETED -> Response.noContent().build();
            case NOT_FOUND -> throw noSuchBucket(name);
            case NOT_EMPTY -> throw ProblemException.conflict("bucket-not-empty", "Bucket " + name + " is not empty");
        });
    }

    @GET
    @Path("/{name}/cors")
    public Uni<CorsConfiguration> getCors(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name) {
        return owned(account, name).flatMap(b -> cors.find(b.name())).map(rules -> {
            if (rules == null) {
                throw ProblemException.notFound("no-such-cors-configuration", "Bucket " + name + " has no CORS rules");
            }
            return new CorsConfiguration(rules);
        });
    }

    @PUT
    @Path("/{name}/cors")
    public Uni<CorsConfiguration> putCors(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name, CorsConfiguration body) {
        List<CorsRule> rules = body == null ? null : body.rules();
        String problem = CorsValidation.problem(rules);
        if (problem != null) {
            throw ProblemException.badRequest("invalid-cors-configuration", problem);
        }
        return owned(account, name).flatMap(b -> cors.put(b.name(), rules)).map(v -> new CorsConfiguration(rules));
    }

    @DELETE
    @Path("/{name}/cors")
    public Uni<Response> deleteCors(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name) {
        return owned(account, name).flatMap(b -> cors.delete(b.name())).map(v -> Response.noContent().build());
    }

    @GET
    @Path("/{name}/access")
    public Uni<Access> getAccess(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name) {
        return owned(account, name).map(Access::of);
    }

    /** Answered once no replica serves the old setting any more (see {@link BucketRepository#setAccess}). */
    @PUT
    @Path("/{name}/access")
    public Uni<Access> putAccess(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("name") String name, Access body) {
        BucketAccess access = body == null ? null : BucketAccess.ofEdgeName(body.publicAccess());
        if (access == null) {
            throw ProblemException.badRequest("invalid-access", "The body is {\"public\": \"read\"} or "
                    + "{\"public\": \"none\"}");
        }
        return owned(account, name).flatMap(b -> buckets.setAccess(b.name(), b.accountId(), access)).map(b -> {
            if (b == null) {
                throw noSuchBucket(name);
            }
            return Access.of(b);
        });
    }

    private Uni<Bucket> owned(String account, String name) {
        return ownedBuckets.owned(account, name);
    }

    private static ProblemException noSuchBucket(String name) {
        return OwnedBuckets.noSuchBucket(name);
    }

    private static String requireAccount(String account) {
        return OwnedBuckets.requireAccount(account);
    }
}
