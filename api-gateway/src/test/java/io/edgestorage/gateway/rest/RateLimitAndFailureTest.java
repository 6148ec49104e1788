package io.edgestorage.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.Tokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The per-account rate limit, and what callers see when an upstream is down (retries, circuit breaker). */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class RateLimitAndFailureTest {

    private static int attempts(String upstream) {
        return FakeServices.ATTEMPTS.computeIfAbsent(upstream, n -> new AtomicInteger()).get();
    }

    @Test
    void anAccountOverItsRate_gets429WithRetryAfter_whileAnotherAccountIsUnaffected() {
        String noisy = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        Response limited = null;
        for (int i = 0; i < 500 && limited == null; i++) {
            Response r = given().auth().oauth2(noisy).when().get("/api/storage/keys");
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).as("the limit was reached").isNotNull();
        limited.then().contentType("application/problem+json").body("code", equalTo("rate-limited"));
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);

        String quiet = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(quiet).when().get("/api/storage/keys").then().statusCode(200);
    }

    @Test
    void upstreamDown_is503Problem_presignsAreRetried_otherPostsAreNot() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        FakeServices.DOWN.add("presign-service");
        try {
            int before = attempts("presign-service");
            given().auth().oauth2(token).contentType("application/json").body("{\"key\":\"k\"}")
                    .when().post("/api/storage/buckets/b/presign").then().statusCode(503)
                    .contentType("application/problem+json").body("code", equalTo("upstream-unavailable"))
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            assertThat(attempts("presign-service") - before).as("a presign changes nothing: tried three times")
                    .isEqualTo(3);
            // Other upstreams are unaffected.
            given().auth().oauth2(token).when().get("/api/storage/keys").then().statusCode(200);
        } finally {
            FakeServices.DOWN.remove("presign-service");
        }
        FakeServices.DOWN.add("object-service");
        try {
            int before = attempts("object-service");
            given().auth().oauth2(token).contentType("application/json").body("{\"name\":\"b\"}")
                    .when().post("/api/storage/buckets").then().statusCode(503)
                    .body("code", equalTo("upstream-unavailable"));
            assertThat(attempts("object-service") - before).as("creating a bucket is sent once").isEqualTo(1);
        } finally {
            FakeServices.DOWN.remove("object-service");
        }
    }

    @Test
    void repeatedFailures_openTheCircuit_aSingleProbeAfterTheDelay_thenRecovery() {
        String account = Tokens.newAccount();
        String token = Tokens.platformToken(account, Tokens.ALL_SCOPES);
        given().auth().oauth2(token).when().get("/api/storage/buckets/b/cors").then().statusCode(200);
        assertThat(circuitOpen("object-service")).isZero();
        FakeServices.DOWN.add("object-service");
        try {
            int before = attempts("object-service");
            given().auth().oauth2(token).when().get("/api/storage/buckets/b/cors").then().statusCode(503);
            assertThat(attempts("object-service") - before).as("a GET is retried twice").isEqualTo(3);
            for (int i = 0; i < 8; i++) {
                given().auth().oauth2(token).when().get("/api/storage/buckets/b/cors").then().statusCode(503);
            }
            int open = attempts("object-service");
            given().auth().oauth2(token).when().get("/api/storage/buckets/b/cors").then().statusCode(503)
                    .body("code", equalTo("upstream-unavailable")).header("Retry-After", "5");
            assertThat(attempts("object-service")).as("an open circuit does not call").isEqualTo(open);
            assertThat(circuitOpen("object-service")).as("the gauge shows the open circuit").isEqualTo(1);
            assertThat(circuitOpen("presign-service")).as("other upstreams keep their own circuit").isZero();

            // After the delay the breaker lets one probe through; it fails, so the circuit opens again and
            // the GET's retries are refused without calling.
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                given().auth().oauth2(token).when().get("/api/storage/buckets/b/cors").then().statusCode(503);
                return attempts("object-service") > open;
            });
            assertThat(attempts("object-service")).as("exactly one probe").isEqualTo(open + 1);
            assertThat(circuitOpen("object-service")).as("a failed probe re-opens").isEqualTo(1);
            given().auth().oauth2(token).when().get("/api/storage/buckets/b/cors").then().statusCode(503);
            assertThat(attempts("object-service")).isEqualTo(open + 1);
        } finally {
            FakeServices.DOWN.remove("object-service");
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> given()
                .auth().oauth2(token).when().get("/api/storage/buckets/b/cors").statusCode() == 200);
        assertThat(circuitOpen("object-service")).as("a successful probe closes the circuit").isZero();
    }

    @Test
    void internalErrors_areRelayed_butDoNotOpenTheCircuit() {
        // A 500 answers one request (a bug some input triggers): if it counted, one tenant repeating that input
        // would make the upstream unavailable for every tenant.
        FakeServices.FAILING.add("object-service");
        try {
            for (int i = 0; i < 25; i++) {
                // An account per call: the test profile's rate limit allows an account 20 calls in a burst.
                String caller = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
                given().auth().oauth2(caller).when().get("/api/storage/buckets/b/cors").then().statusCode(500)
                        .body("code", equalTo("internal-error"));
            }
            assertThat(circuitOpen("object-service")).isZero();
        } finally {
            FakeServices.FAILING.remove("object-service");
        }
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(token).when().get("/api/storage/buckets/b/cors").then().statusCode(200);
    }

    @Test
    void proxiedCalls_recordNoSmallRyeFaultToleranceMetrics_butTheCircuitGaugeStays() {
        String token = Tokens.platformToken(Tokens.newAccount(), Tokens.ALL_SCOPES);
        given().auth().oauth2(token).when().get("/api/storage/buckets").then().statusCode(200);
        String metrics = InternalApi.anonymous().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).as("SmallRye FT's per-call counters are off").doesNotContain("ft_invocations")
                .doesNotContain("ft_circuitbreaker");
        assertThat(circuitOpen("object-service")).isZero();
    }

    /** edge_gateway_circuit_open{upstream} as scraped from /q/metrics. */
    private static int circuitOpen(String upstream) {
        String metrics = InternalApi.anonymous().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^edge_gateway_circuit_open\\{[^}]*upstream=\"" + Pattern.quote(upstream)
                + "\"[^}]*} ([0-9.]+)$").matcher(metrics);
        assertThat(m.find()).as("gauge for " + upstream).isTrue();
        return (int) Double.parseDouble(m.group(1));
    }
}
