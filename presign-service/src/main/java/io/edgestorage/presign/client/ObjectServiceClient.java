package io.edgestorage.presign.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * object-service's internal API (docs/internal-api.md), as far as presigning reads it; grants are recorded by
 * {@link GrantRecordClient}.
 */
@RegisterRestClient(configKey = "object-service")
@Path("/internal/v1")
@ClientHeaderParam(name = "X-Edge-Internal-Token", value = "${edge.internal.token}")
public interface ObjectServiceClient {

    @GET
    @Path("/buckets/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<BucketView> bucket(@PathParam("name") String name, @HeaderParam("X-Edge-Account") String account,
            @HeaderParam("X-Request-Id") String requestId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamErrors.map("object-service", response);
    }
}
