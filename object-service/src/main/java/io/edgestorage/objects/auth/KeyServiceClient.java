package io.edgestorage.objects.auth;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.smallrye.mutiny.Uni;

/** key-service's verifier API (docs/internal-api.md). */
@RegisterRestClient(configKey = "key-service")
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface KeyServiceClient {

    @GET
    @Path("/signing-keys/{accessKeyId}")
    Uni<SigningKeyResponse> signingKey(@HeaderParam("X-Edge-Internal-Token") String token,
            @PathParam("accessKeyId") String accessKeyId, @QueryParam("date") String date,
            @QueryParam("region") String region, @QueryParam("service") String service);

    @POST
    @Path("/sigv2/verify")
    Uni<SigV2VerifyResponse> verifySigV2(@HeaderParam("X-Edge-Internal-Token") String token, SigV2VerifyRequest body);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SigningKeyResponse(String accessKeyId, String accountId, String status, Long keyVersion, String date,
            String region, String service, String signingKey) {

        @Override
        public String toString() {
            return "SigningKeyResponse[" + accessKeyId + ", account=" + accountId + ", status=" + status + "]";
        }
    }

    record SigV2VerifyRequest(String accessKeyId, String stringToSign, String signature) {

        @Override
        public String toString() {
            return "SigV2VerifyRequest[" + accessKeyId + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SigV2VerifyResponse(boolean valid, String accountId, Long keyVersion, String status) {
    }
}
