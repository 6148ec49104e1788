package io.edgestorage.keys.rest;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.internal;
import static io.edgestorage.keys.Api.newAccount;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AccountsResourceTest {

    @Test
    void adminCreate_returnsTheFirstTokenOnce_withEveryStorageScope() {
        String id = newAccount();
        String token = as("platform-ops").body("{\"id\":\"" + id + "\"}").when().post("/internal/v1/admin/accounts")
                .then().statusCode(201).body("id", equalTo(id)).body("token", matchesPattern("edge_[A-Za-z0-9_-]{43}"))
                .extract().path("token");
        internal().formParam("token", token).when().post("/internal/v1/introspect").then()
                .body("active", equalTo(true)).body("sub", equalTo(id))
                .body("scope", equalTo("storage:presign storage:buckets storage:keys storage:admin"));
        internal().when().get("/internal/v1/admin/accounts").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void adminCreate_ofAnExistingAccount_isAConflict() {
        String id = newAccount();
        internal().contentType("application/json").body("{\"id\":\"" + id + "\"}").when()
                .post("/internal/v1/admin/accounts").then().statusCode(201);
        internal().contentType("application/json").body("{\"id\":\"" + id + "\"}").when()
                .post("/internal/v1/admin/accounts").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("account-already-exists"));
    }

    @Test
    void adminCreate_withABadId_isA400Problem() {
        for (String body : new String[] {"{}", "{\"id\":\"\"}", "{\"id\":\"has space\"}", "{\"id\":\"-lead\"}"}) {
            internal().contentType("application/json").body(body).when().post("/internal/v1/admin/accounts").then()
                    .statusCode(400).body("code", equalTo("invalid-account-id"));
        }
    }

    @Test
    void put_makesAnAccountExist_idempotently() {
        String id = newAccount();
        internal().when().put("/internal/v1/accounts/" + id).then().statusCode(201).body("id", equalTo(id));
        internal().when().put("/internal/v1/accounts/" + id).then().statusCode(200).body("id", equalTo(id));
        internal().when().put("/internal/v1/accounts/bad%20id").then().statusCode(400)
                .body("code", equalTo("invalid-account-id"));
    }
}
