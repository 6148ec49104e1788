package io.edgestorage.keys;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests as another Edge Storage service makes them: with the internal credential, optionally for an account. */
public final class Api {

    public static final String INTERNAL_TOKEN = "local-dev-internal-token";
    public static final String BOOTSTRAP_ACCOUNT = "platform-ops";
    public static final String BOOTSTRAP_TOKEN = "edge_test-bootstrap-token-0123456789abcdefghij";

    private Api() {
    }

    public static RequestSpecification internal() {
        return given().header("X-Edge-Internal-Token", INTERNAL_TOKEN).log().ifValidationFails();
    }

    public static RequestSpecification as(String account) {
        return internal().header("X-Edge-Account", account).contentType(ContentType.JSON);
    }

    /** Every scope there is, as the gateway forwards them for the bootstrap token. */
    public static final String ALL_SCOPES = "storage:presign storage:buckets storage:keys storage:admin platform:admin";

    /** A call of the account as the gateway makes it for a caller whose credential holds {@code scopes}. */
    public static RequestSpecification holding(String account, String scopes) {
        return as(account).header("X-Edge-Scopes", scopes);
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
