package io.edgestorage.keys.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.keys.ApiToken;
import io.edgestorage.keys.rest.KeyDtos.IntrospectionAnswer;
import io.edgestorage.keys.rest.KeyDtos.SigV2Answer;
import io.edgestorage.keys.rest.KeyDtos.SigV2Request;
import io.edgestorage.keys.rest.KeyDtos.SigningKeyView;
import io.edgestorage.keys.service.SigningKeyService;
import io.edgestorage.keys.service.TokenService;
import io.edgestorage.keys.service.Validation;
import io.edgestorage.sigv4.CredentialScope;
import io.smallrye.mutiny.Uni;

/** What verifiers, the presigner and the gateway ask: derived keys, SigV2 verdicts, token introspection. */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class VerifierResource {

    static final int MAX_STRING_TO_SIGN = 64 * 1024;

    private final SigningKeyService signing;
    private final TokenService tokens;

    public VerifierResource(SigningKeyService signing, TokenService tokens) {
        this.signing = signing;
        this.tokens = tokens;
    }

    @GET
    @Path("/signing-keys/{accessKeyId}")
    public Uni<SigningKeyView> signingKey(@PathParam("accessKeyId") String accessKeyId,
            @QueryParam("date") String date, @QueryParam("region") String region,
            @QueryParam("service") String service) {
        CredentialScope scope = Validation.scope(date, region, service);
        return signing.signingKey(accessKeyId, scope).map(SigningKeyView::of);
    }

    @GET
    @Path("/presign-keys")
    public Uni<SigningKeyView> presignKey(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @QueryParam("date") String date, @QueryParam("region") String region,
            @QueryParam("service") String service, @QueryParam("keyId") String keyId) {
        String accountId = Validation.account(account);
        CredentialScope scope = Validation.scope(date, region, service);
        return signing.presignKey(accountId, scope, keyId).map(SigningKeyView::of);
    }

    @POST
    @Path("/sigv2/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SigV2Answer> verifySigV2(SigV2Request body) {
        if (body == null || body.accessKeyId() == null || body.stringToSign() == null || body.signature() == null) {
            throw ProblemException.badRequest("invalid-sigv2-request",
                    "'accessKeyId', 'stringToSign' and 'signature' are required");
        }
        if (body.stringToSign().length() > MAX_STRING_TO_SIGN) {
            throw ProblemException.badRequest("invalid-sigv2-request", "'stringToSign' is longer than 64 KiB");
        }
        return signing.verifySigV2(body.accessKeyId(), body.stringToSign(), body.signature())
                .map(v -> new SigV2Answer(v.valid(), v.key().accountId, v.key().keyVersion, v.key().status));
    }

    /** RFC 7662. Unknown, expired and revoked tokens are all just {@code {"active": false}}. */
    @POST
    @Path("/introspect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<IntrospectionAnswer> introspect(@FormParam("token") String token) {
        if (token == null || token.isBlank()) {
            throw ProblemException.badRequest("token-required", "Form parameter 'token' is required (RFC 7662)");
        }
        return tokens.introspect(token).map(result -> {
            if (!result.active()) {
                return IntrospectionAnswer.INACTIVE;
            }
            ApiToken t = result.token();
            return new IntrospectionAnswer(true, t.scopes, t.accountId,
                    t.expiresAt == null ? null : t.expiresAt.getEpochSecond(), t.createdAt.getEpochSecond(), t.id,
                    t.accountId, "Bearer");
        });
    }
}
