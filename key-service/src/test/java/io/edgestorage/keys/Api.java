package io.edgestorage.keys;

import java.util.UUID;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests as another Edge Storage service makes them: on the internal listener, with that caller's credential. */
public final class Api {

    public static final String BOOTSTRAP_ACCOUNT = "platform-ops";
    public static final String BOOTSTRAP_TOKEN = "edge_test-bootstrap-token-0123456789abcdefghij";

    private Api() {
    }

    /** As the gateway: accounts, keys, tokens, introspection. */
    public static RequestSpecification internal() {
        return InternalApi.as(InternalCaller.API_GATEWAY).log().ifValidationFails();
    }

    /** As the gateway, for an account. */
    public static RequestSpecification as(String account) {
        return internal().header("X-Edge-Account", account).contentType(ContentType.JSON);
    }

    /** Every scope there is, as the gateway forwards them for the bootstrap token. */
    public static final String ALL_SCOPES = "storage:presign storage:buckets storage:keys storage:admin platform:admin";

    /** A call of the account as the gateway makes it for a caller whose credential holds {@code scopes}. */
    public static RequestSpecification holding(String account, String scopes) {
        return as(account).header("X-Edge-Scopes", scopes);
    }

    /** As object-service, the verifier: signing keys and SigV2 verdicts. */
    public static RequestSpecification verifier() {
        return InternalApi.as(InternalCaller.OBJECT_SERVICE).log().ifValidationFails();
    }

    /** As presign-service, for an account: its presign keys. */
    public static RequestSpecification presigner(String account) {
        return InternalApi.as(InternalCaller.PRESIGN_SERVICE).header("X-Edge-Account", account)
                .contentType(ContentType.JSON).log().ifValidationFails();
    }

    /** As an operator: maintenance. */
    public static RequestSpecification operator() {
        return InternalApi.as(InternalCaller.OPERATOR).log().ifValidationFails();
    }

    /** A fresh account id, so tests never see each other's keys. */
    public static String newAccount() {
        return "acct-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public record Key(String id, String secret) {
    }

    public static Key createKey(String account, String name) {
        var response = as(account).body("{\"name\":\"" + name + "\"}").when().post("/internal/v1/keys")
                .then().statusCode(201).extract();
        return new Key(response.path("accessKeyId"), response.path("secretAccessKey"));
    }
}
