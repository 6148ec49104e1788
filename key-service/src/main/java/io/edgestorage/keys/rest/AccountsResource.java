package io.edgestorage.keys.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.keys.rest.KeyDtos.AccountCreated;
import io.edgestorage.keys.rest.KeyDtos.AccountView;
import io.edgestorage.keys.rest.KeyDtos.CreateAccountRequest;
import io.edgestorage.keys.service.AccountService;
import io.edgestorage.keys.service.Validation;
import io.smallrye.mutiny.Uni;

/**
 * Accounts: the platform-admin API ({@code /api/storage/admin/accounts}, scope checked by the gateway)
 * and the idempotent "make this account exist" the gateway calls for a new OIDC principal.
 */
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AccountsResource {

    private final AccountService accounts;

    public AccountsResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @GET
    @Path("/admin/accounts")
    public Uni<List<AccountView>> list() {
        return accounts.list().map(list -> list.stream().map(AccountView::of).toList());
    }

    @POST
    @Path("/admin/accounts")
    public Uni<RestResponse<AccountCreated>> create(CreateAccountRequest body) {
        if (body == null || body.id() == null) {
            throw ProblemException.badRequest("invalid-account-id", "'id' is required");
        }
        String id = Validation.accountId(body.id());
        return accounts.create(id).map(created -> RestResponse.status(RestResponse.Status.CREATED,
                new AccountCreated(created.account().id, created.firstToken().value())));
    }

    @PUT
    @Path("/accounts/{id}")
    public Uni<RestResponse<AccountView>> ensure(@PathParam("id") String id) {
        return accounts.ensure(Validation.accountId(id)).map(r -> RestResponse.status(
                r.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, AccountView.of(r.account())));
    }
}
