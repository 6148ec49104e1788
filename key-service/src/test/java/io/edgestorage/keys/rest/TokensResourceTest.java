package io.edgestorage.keys.rest;

import static io.edgestorage.keys.Api.as;
import static io.edgestorage.keys.Api.internal;
import static io.edgestorage.keys.Api.newAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.keys.Api;
import io.edgestorage.keys.Credentials;
import io.edgestorage.keys.Scope;
import io.edgestorage.keys.Sql;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class TokensResourceTest {

    private static ValidatableResponse introspect(String token) {
        return internal().formParam("token", token).when().post("/internal/v1/introspect").then();
    }

    /** As the gateway calls for a credential holding every scope (the bootstrap token, a full JWT). */
    private static RequestSpecification holdingAll(String account) {
        return Api.holding(account, Api.ALL_SCOPES);
    }

    private static String createToken(String account, String body) {
        return holdingAll(account).body(body).when().post("/internal/v1/tokens").then().statusCode(201)
                .extract().path("token");
    }

    @Test
    void create_showsTheTokenOnce_andStoresOnlyItsHash() {
        String account = newAccount();
        var created = holdingAll(account).body("{\"name\":\"ci\",\"scopes\":[\"storage:presign\"],\"expiresIn\":\"30d\"}")
                .when().post("/internal/v1/tokens").then().statusCode(201)
                .body("id", matchesPattern("tok_[a-z0-9]{16}"))
                .body("token", matchesPattern("edge_[A-Za-z0-9_-]{43}"))
                .body("scopes", contains("storage:presign"))
                .body("expiresAt", notNullValue())
                .extract();
        String token = created.path("token");
        String id = created.path("id");

        as(account).when().get("/internal/v1/tokens").then().statusCode(200)
                .body("", hasSize(1)).body("[0].id", equalTo(id)).body("[0].token", nullValue());
        var row = Sql.one("select * from keys.api_tokens where id = ?", id);
        assertThat(row.get("token_hash")).isEqualTo(Credentials.tokenHash(token));
        row.values().forEach(v -> assertThat(String.valueOf(v)).doesNotContain(token));
    }

    @Test
    void create_withoutScopes_grantsEveryStorageScope_butNotPlatformAdmin() {
        String account = newAccount();
        holdingAll(account).body("{\"name\":\"all\"}").when().post("/internal/v1/tokens").then().statusCode(201)
                .body("scopes", contains("storage:presign", "storage:buckets", "storage:keys", "storage:admin"))
                .body("expiresAt", nullValue());
    }

    @Test
    void platformAdminScope_cannotBeSelfGrantedByAnOrdinaryAccount() {
        holdingAll(newAccount()).body("{\"name\":\"x\",\"scopes\":[\"platform:admin\"]}").when().post("/internal/v1/tokens")
                .then().statusCode(400).body("code", equalTo("scope-not-allowed"));
        // the bootstrap account is a platform administrator
        holdingAll(Api.BOOTSTRAP_ACCOUNT).body("{\"name\":\"ops2\",\"scopes\":[\"platform:admin\"]}")
                .when().post("/internal/v1/tokens").then().statusCode(201);
    }

    /** Every set of scopes a caller's credential can hold (the empty one too), and a call without the header. */
    static List<Optional<Set<Scope>>> callerScopeSets() {
        List<Optional<Set<Scope>>> sets = new ArrayList<>();
        Scope[] all = Scope.values();
        for (int mask = 0; mask < 1 << all.length; mask++) {
            EnumSet<Scope> set = EnumSet.noneOf(Scope.class);
            for (int i = 0; i < all.length; i++) {
                if ((mask & 1 << i) != 0) {
                    set.add(all[i]);
                }
            }
            sets.add(Optional.of(set));
        }
        sets.add(Optional.empty());
        return sets;
    }

    static Stream<Arguments> everyCallerScopeSetAndRequestedScope() {
        return callerScopeSets().stream().flatMap(held -> Arrays.stream(Scope.values())
                .map(requested -> Arguments.of(held.map(Scope::join).orElse(null), requested)));
    }

    private static RequestSpecification calling(String account, String heldScopes) {
        return heldScopes == null ? as(account) : Api.holding(account, heldScopes);
    }

    /**
     * The bootstrap account is a platform administrator, so the account rule never refuses here: only what
     * the calling credential holds decides.
     */
    @ParameterizedTest(name = "caller holds [{0}], asks for {1}")
    @MethodSource("everyCallerScopeSetAndRequestedScope")
    void aTokenGetsAScope_onlyIfTheCallingCredentialHoldsIt(String heldScopes, Scope requested) {
        boolean held = heldScopes != null && Scope.split(heldScopes).contains(requested.value());
        var response = calling(Api.BOOTSTRAP_ACCOUNT, heldScopes)
                .body("{\"name\":\"pair\",\"scopes\":[\"" + requested.value() + "\"]}")
                .when().post("/internal/v1/tokens").then();
        if (held) {
            response.statusCode(201).body("scopes", contains(requested.value()));
        } else {
            response.statusCode(403).contentType("application/problem+json").body("code", equalTo("scope-not-held"))
                    .body("detail", containsString(requested.value()));
        }
    }

    @ParameterizedTest(name = "caller holds [{0}]")
    @MethodSource("callerScopeSets")
    void aTokenWithoutExplicitScopes_getsTheStorageScopesTheCallerHolds(Optional<Set<Scope>> held) {
        var response = calling(Api.BOOTSTRAP_ACCOUNT, held.map(Scope::join).orElse(null))
                .body("{\"name\":\"default\"}").when().post("/internal/v1/tokens").then();
        List<String> storage = held.orElse(Set.of()).stream().filter(Scope.STORAGE::contains).sorted()
                .map(Scope::value).toList();
        if (storage.isEmpty()) {
            response.statusCode(403).contentType("application/problem+json").body("code", equalTo("scope-not-held"));
        } else {
            response.statusCode(201).body("scopes", equalTo(storage));
        }
    }

    @Test
    void aStorageAdminToken_cannotMintAPlatformAdminToken() {
        // The storage:admin token of a platform-admin account (it may manage the account's tokens, not the platform).
        int before = Sql.query("select 1 from keys.api_tokens where account_id = ?", Api.BOOTSTRAP_ACCOUNT).size();
        Api.holding(Api.BOOTSTRAP_ACCOUNT, "storage:admin")
                .body("{\"name\":\"escalate\",\"scopes\":[\"platform:admin\"]}").when().post("/internal/v1/tokens")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("scope-not-held"));
        Api.holding(Api.BOOTSTRAP_ACCOUNT, "storage:admin")
                .body("{\"name\":\"escalate\",\"scopes\":[\"storage:admin\",\"platform:admin\"]}")
                .when().post("/internal/v1/tokens")
                .then().statusCode(403).body("code", equalTo("scope-not-held"));
        assertThat(Sql.query("select 1 from keys.api_tokens where account_id = ?", Api.BOOTSTRAP_ACCOUNT)).hasSize(before);
        // Names the service does not know (an external provider's openid, email…) hold nothing.
        Api.holding(Api.BOOTSTRAP_ACCOUNT, "openid email storage:admin")
                .body("{\"name\":\"jwt\",\"scopes\":[\"storage:admin\"]}").when().post("/internal/v1/tokens")
                .then().statusCode(201).body("scopes", contains("storage:admin"));
    }

    @Test
    void badInput_isA400ProblemWithAStableCode() {
        String account = newAccount();
        holdingAll(account).body("{}").when().post("/internal/v1/tokens").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("invalid-name"));
        holdingAll(account).body("{\"name\":\"x\",\"scopes\":[\"storage:everything\"]}").when().post("/internal/v1/tokens")
                .then().statusCode(400).body("code", equalTo("invalid-scope"));
        holdingAll(account).body("{\"name\":\"x\",\"scopes\":[]}").when().post("/internal/v1/tokens")
                .then().statusCode(400).body("code", equalTo("invalid-scope"));
        holdingAll(account).body("{\"name\":\"x\",\"scopes\":{\"a\":1}}").when().post("/internal/v1/tokens")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed-json"));
        holdingAll(account).body("[1]").when().post("/internal/v1/tokens")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("malformed-json"));
        for (String bad : new String[] {"\"0s\"", "\"-1d\"", "\"1w\"", "\"soon\"", "0", "1.5", "\"3651d\"", "true"}) {
            holdingAll(account).body("{\"name\":\"x\",\"expiresIn\":" + bad + "}").when().post("/internal/v1/tokens")
                    .then().statusCode(400).body("code", equalTo("invalid-expires-in"));
        }
        holdingAll(account).body("{\"name\":\"x\",\"expiresIn\":3600}").when().post("/internal/v1/tokens")
                .then().statusCode(201);
    }

    @Test
    void introspection_ofAValidToken_isActiveWithScopeSubjectExpiryAndClientId() {
        String account = newAccount();
        var created = holdingAll(account).body("{\"name\":\"ci\",\"scopes\":[\"storage:keys\",\"storage:presign\"],\"expiresIn\":\"1h\"}")
                .when().post("/internal/v1/tokens").then().statusCode(201).extract();
        long exp = Instant.parse(created.path("expiresAt")).getEpochSecond();
        introspect(created.path("token")).statusCode(200).contentType("application/json")
                .body("active", equalTo(true))
                .body("scope", equalTo("storage:presign storage:keys"))
                .body("sub", equalTo(account))
                .body("exp", equalTo((int) exp))
                .body("client_id", equalTo(created.path("id")));
    }

    @Test
    void introspection_ofExpiredRevokedAndUnknownTokens_isInactiveOnly() {
        String account = newAccount();
        String expired = createToken(account, "{\"name\":\"short\",\"expiresIn\":\"1h\"}");
        Sql.query("update keys.api_tokens set expires_at = now() - interval '1 second' where token_hash = ?",
                Credentials.tokenHash(expired));
        introspect(expired).statusCode(200).body("active", equalTo(false)).body("sub", nullValue())
                .body("scope", nullValue());

        var revoked = holdingAll(account).body("{\"name\":\"gone\"}").when().post("/internal/v1/tokens").then()
                .statusCode(201).extract();
        introspect(revoked.path("token")).body("active", equalTo(true));
        as(account).when().delete("/internal/v1/tokens/" + revoked.path("id")).then().statusCode(204);
        introspect(revoked.path("token")).statusCode(200).body("active", equalTo(false));
        as(account).when().get("/internal/v1/tokens").then().body("id", not(
                hasItem(revoked.path("id").toString())));

        introspect("edge_" + "A".repeat(43)).statusCode(200).body("active", equalTo(false));
        introspect("x".repeat(1000)).statusCode(200).body("active", equalTo(false));
    }

    @Test
    void introspection_withoutAToken_isA400Problem() {
        internal().formParam("other", "x").when().post("/internal/v1/introspect").then()
                .statusCode(400).contentType("application/problem+json").body("code", equalTo("token-required"));
    }

    @Test
    void theBootstrapToken_existsWithEveryScope() {
        introspect(Api.BOOTSTRAP_TOKEN).statusCode(200).body("active", equalTo(true))
                .body("sub", equalTo(Api.BOOTSTRAP_ACCOUNT))
                .body("scope", equalTo("storage:presign storage:buckets storage:keys storage:admin platform:admin"));
    }

    @Test
    void anotherAccountsToken_cannotBeSeenOrRevoked() {
        String owner = newAccount();
        var created = holdingAll(owner).body("{\"name\":\"mine\"}").when().post("/internal/v1/tokens").then()
                .statusCode(201).extract();
        String intruder = newAccount();
        as(intruder).when().get("/internal/v1/tokens").then().statusCode(200).body("", hasSize(0));
        as(intruder).when().delete("/internal/v1/tokens/" + created.path("id")).then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("no-such-token"));
        introspect(created.path("token")).body("active", equalTo(true));
    }
}
