package io.edgestorage.keys.rest;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.problem.JsonProblems;
import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.edgestorage.keys.rest.KeyDtos.CreateKeyRequest;
import io.edgestorage.keys.rest.KeyDtos.KeyIssued;
import io.edgestorage.keys.rest.KeyDtos.KeyView;
import io.edgestorage.keys.service.AccessKeyService;
import io.edgestorage.keys.service.Validation;
import io.smallrye.mutiny.Uni;

/** The account's access keys ({@code /api/storage/keys} on the gateway). */
@Path("/internal/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class AccessKeysResource {

    static final String DEFAULT_NAME = "default";

    private final AccessKeyService keys;
    private final ObjectMapper json;

    public AccessKeysResource(AccessKeyService keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @GET
    public Uni<List<KeyView>> list(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account) {
        return keys.list(Validation.account(account)).map(list -> list.stream().map(KeyView::of).toList());
    }

    /** The body is optional (no body, no content type: a key named "default"), so it is read here. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<KeyIssued>> create(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            String rawBody) {
        String accountId = Validation.account(account);
        CreateKeyRequest body = parse(rawBody);
        String name = Validation.name(body == null ? null : body.name(), DEFAULT_NAME);
        return keys.create(accountId, name)
                .map(issued -> RestResponse.status(RestResponse.Status.CREATED,
                        KeyIssued.of(issued.key(), issued.secretAccessKey())));
    }

    private CreateKeyRequest parse(String rawBody) {
        if (rawBody == null || rawBody.isBlank()) {
            return null;
        }
        try {
            return json.readValue(rawBody, CreateKeyRequest.class);
        } catch (JsonProcessingException e) {
            throw new ProblemException(JsonProblems.of(e));
        }
    }

    @POST
    @Path("/{id}/rotate")
    public Uni<KeyIssued> rotate(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("id") String id) {
        return keys.rotate(Validation.account(account), id)
                .map(issued -> KeyIssued.of(issued.key(), issued.secretAccessKey()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> revoke(@HeaderParam(InternalCredentialFilter.ACCOUNT_HEADER) String account,
            @PathParam("id") String id) {
        return keys.revoke(Validation.account(account), id).map(v -> RestResponse.noContent());
    }
}
