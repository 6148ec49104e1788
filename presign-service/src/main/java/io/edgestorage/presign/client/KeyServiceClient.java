package io.edgestorage.presign.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** key-service's internal API (docs/internal-api.md), as far as presigning needs it. */
@RegisterRestClient(configKey = "key-service")
@Path("/internal/v1")
@ClientHeaderParam(name = "X-Edge-Internal-Token", value = "${edge.internal.token}")
public interface KeyServiceClient {

    /** The derived signing key of the account's active key, or of {@code keyId} when given (null: omitted). */
    @GET
    @Path("/presign-keys")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<SigningKeyView> presignKey(@HeaderParam("X-Edge-Account") String account, @QueryParam("date") String date,
            @QueryParam("region") String region, @QueryParam("service") String service,
            @QueryParam("keyId") String keyId, @HeaderParam("X-Request-Id") String requestId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamErrors.map("key-service", response);
    }
}
