package io.edgestorage.keys.rest;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.createKey;
import static io.edgestorage.keys.Api.internal;
import static io.edgestorage.keys.Api.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgestorage.keys.Api;
import io.edgestorage.keys.Sql;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AccessKeysResourceTest {

    @Test
    void create_returnsAnAwsShapedIdAndSecret_once() {
        String account = newAccount();
        as(account).body("{\"name\":\"ci\"}").when().post("/internal/v1/keys").then()
                .statusCode(201)
                .body("accessKeyId", matchesPattern("AKIA[A-Z0-9]{16}"))
                .body("secretAccessKey", matchesPattern("[A-Za-z0-9+/]{40}"))
                .body("name", equalTo("ci")).body("status", equalTo("active"))
                .body("keyVersion", equalTo(1)).body("createdAt", notNullValue());

        as(account).when().get("/internal/v1/keys").then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].name", equalTo("ci"))
                .body("[0].secretAccessKey", nullValue())
                .body("[0].keyVersion", equalTo(1))
                .body("[0].rotatedAt", nullValue());
    }

    @Test
    void create_withoutABody_usesTheDefaultName() {
        String account = newAccount();
        internal().header("X-Edge-Account", account).when().post("/internal/v1/keys").then()
                .statusCode(201).body("name", equalTo("default"));
    }

    @Test
    void rotate_keepsTheId_replacesTheSecret_andBumpsTheVersion() {
        String account = newAccount();
        Api.Key key = createKey(account, "rotating");
        String newSecret = as(account).when().post("/internal/v1/keys/" + key.id() + "/rotate").then()
                .statusCode(200)
                .body("accessKeyId", equalTo(key.id()))
                .body("keyVersion", equalTo(2))
                .body("rotatedAt", notNullValue())
                .body("secretAccessKey", not(equalTo(key.secret())))
                .extract().path("secretAccessKey");
        assertThat(newSecret).matches("[A-Za-z0-9+/]{40}");
        as(account).when().get("/internal/v1/keys").then()
                .body("[0].keyVersion", equalTo(2)).body("[0].rotatedAt", notNullValue());
    }

    @Test
    void revoke_disablesForGood_andIsIdempotent() {
        String account = newAccount();
        Api.Key key = createKey(account, "doomed");
        as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
        as(account).when().delete("/internal/v1/keys/" + key.id()).then().statusCode(204);
        as(account).when().get("/internal/v1/keys").then().body("[0].status", equalTo("revoked"));
        as(account).when().post("/internal/v1/keys/" + key.id() + "/rotate").then()
                .statusCode(409).contentType("application/problem+json").body("code", equalTo("access-key-revoked"));
    }

    @Test
    void anotherAccountsKey_isNotFound_forEveryOperation() {
        String owner = newAccount();
        String intruder = newAccount();
        Api.Key key = createKey(owner, "private");

        as(intruder).when().get("/internal/v1/keys").then().statusCode(200).body("", hasSize(0));
        as(intruder).when().post("/internal/v1/keys/" + key.id() + "/rotate").then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("no-such-access-key"));
        as(intruder).when().delete("/internal/v1/keys/" + key.id()).then()
                .statusCode(404).body("code", equalTo("no-such-access-key"));
        // untouched for the owner
        as(owner).when().get("/internal/v1/keys").then()
                .body("[0].status", equalTo("active")).body("[0].keyVersion", equalTo(1));
    }

    @Test
    void unknownOrMalformedKeyIds_areNotFound() {
        String account = newAccount();
        as(account).when().post("/internal/v1/keys/AKIA0000000000000000/rotate").then()
                .statusCode(404).body("code", equalTo("no-such-access-key"));
        as(account).when().delete("/internal/v1/keys/not-a-key").then()
                .statusCode(404).body("code", equalTo("no-such-access-key"));
    }

    @Test
    void badInput_isA400ProblemWithAStableCode() {
        String account = newAccount();
        as(account).body("{\"name\":\"\"}").when().post("/internal/v1/keys").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-name"));
        as(account).body("{\"name\":\"" + "x".repeat(129) + "\"}").when().post("/internal/v1/keys").then()
                .statusCode(400).body("code", equalTo("invalid-name"));
        as(account).body("{\"name\":\"a\",\"secret\":\"mine\"}").when().post("/internal/v1/keys").then()
                .statusCode(400).body("code", equalTo("unknown-field"));
        as(account).body("{\"name\":").when().post("/internal/v1/keys").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed-json"));
        as(account).body("[1,2]").when().post("/internal/v1/keys").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed-json"))
                .body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("io.edgestorage")));
        as(account).body("{\"name\":5}").when().post("/internal/v1/keys").then()
                .statusCode(400).body("code", equalTo("malformed-json"))
                .body("detail", equalTo("Field 'name' must be a JSON string"));
        internal().contentType("application/json").when().get("/internal/v1/keys").then()
                .statusCode(400).body("code", equalTo("account-required"));
        as("bad account!").when().get("/internal/v1/keys").then()
                .statusCode(400).body("code", equalTo("invalid-account-id"));
    }

    @Test
    void theSecret_isNotInTheDatabaseInClear_butSealedUnderANamedMasterKey() {
        String account = newAccount();
        Api.Key key = createKey(account, "sealed");
        Map<String, Object> row = Sql.one("select * from keys.access_keys where access_key_id = ?", key.id());
        byte[] sealed = (byte[]) row.get("secret_ciphertext");
        assertThat(sealed).hasSize(12 + 40 + 16);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(key.secret());
        assertThat(row.get("master_key_id").toString()).startsWith("mk-");
        for (Map.Entry<String, Object> column : row.entrySet()) {
            assertThat(String.valueOf(column.getValue())).as(column.getKey()).doesNotContain(key.secret());
        }
        // nor anywhere else in the schema's text columns
        assertThat(Sql.query("select 1 from keys.outbox where payload like ?", "%" + key.secret() + "%")).isEmpty();
    }
}
