package io.edgestorage.keys.rest;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.CallerScopes;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.keys.rest.KeyDtos.CreateTokenRequest;
import io.edgestorage.keys.rest.KeyDtos.TokenIssued;
import io.edgestorage.keys.rest.KeyDtos.TokenView;
import io.edgestorage.keys.service.TokenService;
import io.edgestorage.keys.service.Validation;
import io.smallrye.mutiny.Uni;

/** The account's platform API tokens ({@code /api/storage/tokens} on the gateway). */
@Path("/internal/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    private final TokenService tokens;

    public TokensResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @GET
    public Uni<List<TokenView>> list(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account) {
        return tokens.list(Validation.account(account)).map(list -> list.stream().map(TokenView::of).toList());
    }

    @POST
    public Uni<RestResponse<TokenIssued>> create(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @HeaderParam(CallerScopes.HEADER) String callerScopes, CreateTokenRequest body) {
        String accountId = Validation.account(account);
        if (body == null || body.name() == null) {
            throw ProblemException.badRequest("invalid-name", "'name' is required");
        }
        String name = Validation.name(body.name(), null);
        Duration lifetime = body.expiresIn() == null ? null : Validation.lifetime(body.expiresIn());
        return tokens.create(accountId, TokenService.held(callerScopes), name, TokenService.scopes(body.scopes()), lifetime)
                .map(issued -> RestResponse.status(RestResponse.Status.CREATED,
                        TokenIssued.of(issued.token(), issued.value())));
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> revoke(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("id") String id) {
        return tokens.revoke(Validation.account(account), id).map(v -> RestResponse.noContent());
    }
}
