package io.edgestorage.presign.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** object-service's internal API (docs/internal-api.md), as far as presigning needs it. */
@RegisterRestClient(configKey = "object-service")
@Path("/internal/v1")
@ClientHeaderParam(name = "X-Edge-Internal-Token", value = "${edge.internal.token}")
public interface ObjectServiceClient {

    @GET
    @Path("/buckets/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<BucketView> bucket(@PathParam("name") String name, @HeaderParam("X-Edge-Account") String account,
            @HeaderParam("X-Request-Id") String requestId);

    /** Records a batch of issued grants; 204 once they are committed (a grant id seen before is left as it was). */
    @POST
    @Path("/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> recordGrants(GrantBatch batch);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamErrors.map("object-service", response);
    }
}
