package io.edgestorage.presign.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.common.web.RequestIdFilter;
import io.edgestorage.presign.PresignSpec;
import io.edgestorage.presign.PresignValidator;
import io.edgestorage.presign.service.PresignService;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /internal/v1/buckets/{name}/presign}, reached only through the gateway (internal credential
 * checked by service-common's filter); the account comes from {@code X-Edge-Account}.
 */
@Path("/internal/v1/buckets/{name}/presign")
public class PresignResource {

    private final PresignService presignService;

    public PresignResource(PresignService presignService) {
        this.presignService = presignService;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<PresignAnswer> presign(@PathParam("name") String bucket,
            @HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @HeaderParam(RequestIdFilter.HEADER) String requestId, PresignBody body) {
        if (account == null || account.isBlank()) {
            throw ProblemException.badRequest("account-required", "X-Edge-Account is required");
        }
        if (body == null) {
            throw ProblemException.badRequest("body-required", "A JSON body {key, action?, expires?} is required");
        }
        PresignSpec spec = PresignValidator.validate(body.key(), body.action(), body.expires(), body.contentType(),
                body.contentDisposition(), body.keyId());
        return presignService.presign(account, bucket, spec, requestId)
                .map(p -> new PresignAnswer(p.url(), p.method(), p.expires().toString(), p.keyId(), p.headers()));
    }
}
