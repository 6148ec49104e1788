package io.edgestorage.presign.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.presign.service.SigningKeys;
import io.edgestorage.presign.support.FakeUpstreams;
import io.edgestorage.presign.support.UrlVerifier;
import io.edgestorage.sigv4.AuthFailure;
import io.edgestorage.sigv4.Verification;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * presign-service's internal endpoint ({@link PresignRoute}), with object-service and key-service replaced by
 * {@link FakeUpstreams} (an in-test HTTP double of their internal API). URLs are checked with the
 * sigv4 verifier against the fake key's secret; using them against a running object-service is the
 * end-to-end suite's job.
 */
@QuarkusTest
@WithTestResource(value = FakeUpstreams.class, scope = TestResourceScope.GLOBAL)
class PresignRouteTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private String account;
    private String accessKeyId;

    @BeforeEach
    void anAccountWithABucketAndAKey() {
        FakeUpstreams.FakeKey key = FakeUpstreams.newAccount("my-bucket", SECRET);
        account = key.account;
        accessKeyId = key.accessKeyId;
        FakeUpstreams.keyServiceDown = false;
    }

    private RequestSpecification asAccount(String who) {
        return InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", who)
                .contentType(ContentType.JSON);
    }

    /** A presign on my-bucket that must fail with {@code status} and a problem+json body. */
    private ValidatableResponse refused(String body, int status) {
        return asAccount(account).body(body).when().post("/internal/v1/buckets/my-bucket/presign").then()
                .statusCode(status).contentType("application/problem+json");
    }

    private JsonPath presign(String bucket, String body) {
        return asAccount(account).body(body).when().post("/internal/v1/buckets/{b}/presign", bucket).then()
                .statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    @Test
    void seedUploadCall_returnsAPutUrlValidForOneHour_thatTheVerifierAccepts() {
        Instant before = Instant.now().minusSeconds(1);
        JsonPath answer = presign("my-bucket", """
                {"key": "uploads/photo.jpg", "action": "upload", "expires": "1h"}""");

        assertThat(answer.getString("method")).isEqualTo("PUT");
        assertThat(answer.getString("keyId")).isEqualTo(accessKeyId);
        assertThat(answer.getString("url")).startsWith("http://127.0.0.1:9000/my-bucket/uploads/photo.jpg?")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256").contains("X-Edge-Grant=" + answer.getString("grantId"));
        Instant expires = Instant.parse(answer.getString("expires"));
        assertThat(answer.getString("expires")).endsWith("Z");
        assertThat(Duration.between(before, expires)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        assertThat(answer.getMap("headers")).isEmpty();

        String url = answer.getString("url");
        assertThat(UrlVerifier.verify(url, "PUT", Map.of(), SECRET, Instant.now()).isVerified()).isTrue();
        // The same URL is not a download, and it dies at `expires`.
        assertThat(UrlVerifier.verify(url, "GET", Map.of(), SECRET, Instant.now()).isVerified()).isFalse();
        assertThat(failureOf(UrlVerifier.verify(url, "PUT", Map.of(), SECRET, expires.plusSeconds(1))))
                .isEqualTo(AuthFailure.EXPIRED);
        assertThat(UrlVerifier.verify(url, "PUT", Map.of(), "another-secret", Instant.now()).isVerified()).isFalse();
    }

    @Test
    void seedDownloadCall_defaultsToDownload_andLivesFifteenMinutes() {
        JsonPath answer = presign("my-bucket", """
                {"key": "invoices/invoice-001.pdf", "expires": "15m"}""");

        assertThat(answer.getString("method")).isEqualTo("GET");
        String url = answer.getString("url");
        assertThat(url).startsWith("http://127.0.0.1:9000/my-bucket/invoices/invoice-001.pdf?").contains(
                "X-Amz-Expires=900", "X-Amz-Credential=" + accessKeyId + "%2F");
        assertThat(UrlVerifier.verify(url, "GET", Map.of(), SECRET, Instant.now()).isVerified()).isTrue();
        Instant expires = Instant.parse(answer.getString("expires"));
        assertThat(failureOf(UrlVerifier.verify(url, "GET", Map.of(), SECRET, expires.plusSeconds(1))))
                .isEqualTo(AuthFailure.EXPIRED);
    }

    @Test
    void absentExpiresAndAction_meanADownloadForOneHour() {
        JsonPath answer = presign("my-bucket", """
                {"key": "a.txt"}""");
        assertThat(answer.getString("method")).isEqualTo("GET");
        assertThat(answer.getString("url")).contains("X-Amz-Expires=3600");
    }

    @Test
    void uploadWithContentType_signsIt_andListsItInHeaders() {
        JsonPath answer = presign("my-bucket", """
                {"key": "uploads/photo.jpg", "action": "upload", "contentType": "image/jpeg"}""");

        assertThat(answer.getMap("headers")).containsExactly(Map.entry("Content-Type", "image/jpeg"));
        String url = answer.getString("url");
        assertThat(url).contains("X-Amz-SignedHeaders=content-type%3Bhost");
        assertThat(UrlVerifier.verify(url, "PUT", Map.of("Content-Type", "image/jpeg"), SECRET, Instant.now())
                .isVerified()).isTrue();
        assertThat(UrlVerifier.verify(url, "PUT", Map.of("Content-Type", "text/html"), SECRET, Instant.now())
                .isVerified()).isFalse();
    }

    @Test
    void downloadWithContentDisposition_signsTheResponseOverride() {
        JsonPath answer = presign("my-bucket", """
                {"key": "r.pdf", "contentDisposition": "attachment; filename=\\"report.pdf\\""}""");
        String url = answer.getString("url");
        assertThat(url).contains("response-content-disposition=attachment%3B%20filename%3D%22report.pdf%22");
        assertThat(UrlVerifier.verify(url, "GET", Map.of(), SECRET, Instant.now()).isVerified()).isTrue();
    }

    @Test
    void keysWithSpacesAndUnicode_areEncodedAndStillVerify() {
        JsonPath answer = presign("my-bucket", """
                {"key": "photos/été 2026/ä+b.jpg", "action": "upload", "expires": "7d"}""");
        String url = answer.getString("url");
        assertThat(URI.create(url).getRawPath()).isEqualTo("/my-bucket/photos/%C3%A9t%C3%A9%202026/%C3%A4%2Bb.jpg");
        assertThat(url).contains("X-Amz-Expires=604800");
        assertThat(UrlVerifier.verify(url, "PUT", Map.of(), SECRET, Instant.now()).isVerified()).isTrue();
    }

    @Test
    void aNamedKeyId_signsWithThatKey() {
        String other = "AKIAOTHER" + UUID.randomUUID().toString().substring(0, 8).toUpperCase().replace("-", "");
        FakeUpstreams.KEYS_BY_ID.put(other, new FakeUpstreams.FakeKey(other, account, "second-secret"));
        JsonPath answer = presign("my-bucket", "{\"key\": \"k\", \"keyId\": \"" + other + "\"}");
        assertThat(answer.getString("keyId")).isEqualTo(other);
        assertThat(UrlVerifier.verify(answer.getString("url"), "GET", Map.of(), "second-secret", Instant.now())
                .isVerified()).isTrue();
    }

    @Test
    void anotherAccountsKeyId_isRefused_exactlyLikeAMadeUpOne() {
        // key-service tells the two apart (no-such-access-key / unknown-access-key); the answer must not.
        FakeUpstreams.giveKey("someone-else", "AKIASOMEONEELSE0001", "x");
        String foreign = asAccount(account).body("{\"key\": \"k\", \"keyId\": \"AKIASOMEONEELSE0001\"}")
                .when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("unknown-access-key"))
                .extract().asString();
        String madeUp = asAccount(account).body("{\"key\": \"k\", \"keyId\": \"AKIANOBODYSKEY000001\"}")
                .when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).contentType("application/problem+json").extract().asString();
        assertThat(foreign.replace("AKIASOMEONEELSE0001", "X")).isEqualTo(madeUp.replace("AKIANOBODYSKEY000001", "X"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            empty key                          | {"key": ""}                                                  | key-required
            missing key                        | {"action": "upload"}                                         | key-required
            null key                           | {"key": null}                                                | key-required
            unknown action                     | {"key": "k", "action": "delete"}                             | invalid-action
            empty action                       | {"key": "k", "action": ""}                                   | invalid-action
            malformed duration                 | {"key": "k", "expires": "1 hour"}                            | invalid-expires
            bare number duration               | {"key": "k", "expires": "3600"}                              | invalid-expires
            zero duration                      | {"key": "k", "expires": "0s"}                                | expires-not-positive
            negative duration                  | {"key": "k", "expires": "-5m"}                               | expires-not-positive
            duration over seven days           | {"key": "k", "expires": "8d"}                                | expires-too-long
            one second over seven days         | {"key": "k", "expires": "7d1s"}                              | expires-too-long
            contentType on a download          | {"key": "k", "contentType": "image/jpeg"}                    | content-type-not-allowed
            contentDisposition on an upload    | {"key": "k", "action": "upload", "contentDisposition": "x"}  | content-disposition-not-allowed
            control character in contentType   | {"key": "k", "action": "upload", "contentType": "a\\nb"}    | invalid-content-type
            malformed keyId                    | {"key": "k", "keyId": "AKIA/../x"}                           | invalid-key-id
            unknown field                      | {"key": "k", "expiresIn": 3600}                              | unknown-field
            not JSON                           | {"key": "k",                                                 | malformed-json
            key that is a number-less object   | {"key": {"a": 1}}                                            | malformed-json
            dot-dot segment                    | {"key": "a/../b.txt"}                                        | invalid-key
            leading dot-dot segment            | {"key": "../x"}                                              | invalid-key
            dot segment                        | {"key": "./c.txt"}                                           | invalid-key
            inner dot segment                  | {"key": "x/./y.txt"}                                         | invalid-key
            the key dot                        | {"key": "."}                                                 | invalid-key
            the key dot-dot                    | {"key": ".."}                                                | invalid-key
            trailing dot-dot segment           | {"key": "a/.."}                                              | invalid-key
            unpaired high surrogate            | {"key": "x\\ud800y"}                                        | invalid-key
            unpaired low surrogate             | {"key": "x\\udc00"}                                         | invalid-key
            number for the key                 | {"key": 123}                                                 | malformed-json
            boolean for the key                | {"key": true}                                                | malformed-json
            number for contentType             | {"key": "k", "action": "upload", "contentType": 5}           | malformed-json
            number for expires                 | {"key": "k", "expires": 3600}                                | malformed-json
            trailing garbage                   | {"key": "a"} xyz                                             | malformed-json
            a second JSON value                | {"key": "a"} {"key": "b"}                                    | malformed-json
            duplicate field                    | {"key": "a", "key": "b"}                                     | malformed-json
            leading space in expires           | {"key": "k", "expires": " 1h"}                               | invalid-expires
            trailing space in expires          | {"key": "k", "expires": "1h "}                               | invalid-expires
            """)
    void invalidRequest_isRefusedWithProblemJson(String name, String body, String code) {
        asAccount(account).body(body).when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo(code))
                .body("status", equalTo(400));
    }

    @Test
    void dotSegmentsInKeys_areRefused_becauseClientsRewriteThem() {
        refused("{\"key\": \"a/../b.txt\"}", 400)
                .body("type", equalTo("https://edge-storage.dev/problems/invalid-key"))
                .body("detail", containsString("browsers and HTTP clients rewrite them"));
    }

    @Test
    void dotsThatAreNotWholeSegments_areOrdinaryKeys() {
        for (String key : new String[] {"a..b", ".hidden", "x/.../y", "..a/b.", "\ud83d\ude00.txt"}) {
            String url = presign("my-bucket", "{\"key\": \"" + key + "\"}").getString("url");
            assertThat(UrlVerifier.verify(url, "GET", Map.of(), SECRET, Instant.now()).isVerified()).as(key).isTrue();
        }
    }

    @Test
    void aWrongJsonType_isNamedByField_withoutJavaTypes() {
        refused("{\"key\": 123}", 400)
                .body("type", equalTo("https://edge-storage.dev/problems/malformed-json"))
                .body("detail", equalTo("Field 'key' must be a JSON string"));
        refused("[\"key\"]", 400)
                .body("code", equalTo("malformed-json"))
                .body("detail", not(containsString("io.edgestorage")))
                .body("detail", not(containsString("`")));
        refused("{\"key\": \"a\", \"key\": \"b\"}", 400).body("detail", containsString("Duplicate field 'key'"));
    }

    /** Raw path segments (no REST Assured encoding): what a client or the gateway may pass on. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"my-bucket;x=y", "my-bucket%3Bx", "my-bucket%3B%2F..%2Fother-bucket", "my-bucket;",
            "my-bucket%00", "my-bucket%2F", "My-Bucket", "ab", "-my-bucket", "my_bucket", "my-bucket%20"})
    void aBucketNameS3WouldRefuse_isNoSuchBucket_withoutAskingObjectService(String segment) {
        FakeUpstreams.giveBucket(account, "other-bucket");
        String requestId = "rid-" + UUID.randomUUID();
        asAccount(account).urlEncodingEnabled(false).header("X-Request-Id", requestId)
                .body("{\"key\": \"plain.txt\", \"action\": \"upload\"}")
                .when().post("/internal/v1/buckets/" + segment + "/presign")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://edge-storage.dev/problems/no-such-bucket"))
                .body("code", equalTo("no-such-bucket"));
        assertThat(FakeUpstreams.REQUESTS).noneMatch(r -> requestId.equals(r.requestId()));
    }

    @Test
    void keyOf1024Bytes_isAccepted_butOf1025BytesIsRefused() {
        String twoByteChars = "é".repeat(512);
        assertThat(twoByteChars.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        presign("my-bucket", "{\"key\": \"" + twoByteChars + "\"}");
        asAccount(account).body("{\"key\": \"" + twoByteChars + "a\"}").when()
                .post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("key-too-long"));
    }

    @Test
    void emptyBody_isRefused() {
        asAccount(account).when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBodyThatIsNotJson_isA415Problem() {
        asAccount(account).contentType("text/plain").body("key=k").when()
                .post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void aJsonLookalikeMediaType_isA415Problem() {
        asAccount(account).contentType("application/jsonx").body("{\"key\": \"k\"}".getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(415).contentType("application/problem+json")
                .body("code", equalTo("unsupported-media-type"));
    }

    @Test
    void jsonWithACharset_isAccepted() {
        asAccount(account).contentType("Application/JSON; charset=UTF-8").body("{\"key\": \"k\"}").when()
                .post("/internal/v1/buckets/my-bucket/presign").then().statusCode(200);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {20_000, 200_000})
    void aBodyOverTheLimit_isA413Problem(int keyLength) {
        // Under the gateway's 256 KiB but over this service's 16 KiB: the answer must still be problem+json.
        String huge = "{\"key\": \"" + "k".repeat(keyLength) + "\"}";
        asAccount(account).body(huge).when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://edge-storage.dev/problems/payload-too-large"))
                .body("code", equalTo("payload-too-large"));
    }

    @Test
    void aJsonNullBody_isRefusedWithProblemJson() {
        asAccount(account).body("null").when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("body-required"));
    }

    @Test
    void problems_nameTheRequestedPathAsInstance() {
        asAccount(account).body("{\"key\": \"\"}").when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).body("instance", equalTo("/internal/v1/buckets/my-bucket/presign"));
    }

    @Test
    void cachedAndUncachedPresigns_answerTheSame() {
        // The first call loads ownership and key (the Uni path), the second is served from the caches.
        JsonPath first = presign("my-bucket", "{\"key\": \"same\", \"action\": \"upload\"}");
        JsonPath second = presign("my-bucket", "{\"key\": \"same\", \"action\": \"upload\"}");
        assertThat(second.getString("method")).isEqualTo(first.getString("method"));
        assertThat(second.getString("keyId")).isEqualTo(first.getString("keyId"));
        assertThat(UrlVerifier.verify(second.getString("url"), "PUT", Map.of(), SECRET, Instant.now()).isVerified())
                .isTrue();
    }

    @Test
    void missingAccountHeader_isRefused() {
        InternalApi.as(InternalCaller.API_GATEWAY).contentType(ContentType.JSON)
                .body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(400).body("code", equalTo("account-required"));
    }

    @Test
    void withoutTheInternalCredential_isRefused() {
        InternalApi.anonymous().header("X-Edge-Account", account).contentType(ContentType.JSON)
                .body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(401).body("code", equalTo("internal-credential-required"));
    }

    @Test
    void onlyTheGateway_mayPresign() {
        for (InternalCaller caller : new InternalCaller[] {InternalCaller.OBJECT_SERVICE, InternalCaller.PRESIGN_SERVICE}) {
            InternalApi.as(caller).header("X-Edge-Account", account).contentType(ContentType.JSON)
                    .body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/my-bucket/presign")
                    .then().statusCode(401).body("code", equalTo("internal-credential-required"));
        }
    }

    @Test
    void onThePublicPort_presigningIsNotFound_evenForTheGateway() {
        given().header("X-Edge-Internal-Token", InternalApi.token(InternalCaller.API_GATEWAY))
                .header("X-Edge-Account", account).contentType(ContentType.JSON).body("{\"key\": \"k\"}")
                .when().post("/internal/v1/buckets/my-bucket/presign").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void anotherAccountsBucket_isNotFound_exactlyLikeAnAbsentOne() {
        FakeUpstreams.giveBucket("account-b", "b-private");
        String foreign = asAccount(account).body("{\"key\": \"k\"}").when()
                .post("/internal/v1/buckets/b-private/presign").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("no-such-bucket")).extract().asString();
        String absent = asAccount(account).body("{\"key\": \"k\"}").when()
                .post("/internal/v1/buckets/nothing-here/presign").then().statusCode(404)
                .body("code", equalTo("no-such-bucket")).extract().asString();
        assertThat(foreign.replace("b-private", "X")).isEqualTo(absent.replace("nothing-here", "X"));
    }

    @Test
    void aBucketCreatedAfterA404_isFoundAtOnce() {
        asAccount(account).body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/fresh/presign").then()
                .statusCode(404);
        FakeUpstreams.giveBucket(account, "fresh");
        presign("fresh", "{\"key\": \"k\"}");
    }

    @Test
    void brokenObjectService_isA503Problem() {
        FakeUpstreams.FAILING_BUCKETS.add("flaky");
        FakeUpstreams.giveBucket(account, "flaky");
        try {
            asAccount(account).body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/flaky/presign")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("upstream-unavailable"));
        } finally {
            FakeUpstreams.FAILING_BUCKETS.remove("flaky");
        }
    }

    @Test
    void keyServiceDown_isA503Problem_andRetriedFirst() {
        FakeUpstreams.keyServiceDown = true;
        int before = FakeUpstreams.PRESIGN_KEY_CALLS.get();
        try {
            asAccount(account).body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/my-bucket/presign")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("upstream-unavailable"));
        } finally {
            FakeUpstreams.keyServiceDown = false;
        }
        assertThat(FakeUpstreams.PRESIGN_KEY_CALLS.get() - before).isEqualTo(3);
    }

    @Inject
    SigningKeys signingKeys;

    @Test
    void signingKey_isCachedPerAccountAndDay() {
        // cached once the key-event consumer has caught up with the topic (KeyEventsCatchUp)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(signingKeys::isTrusted);
        presign("my-bucket", "{\"key\": \"a\"}");
        int after = FakeUpstreams.PRESIGN_KEY_CALLS.get();
        presign("my-bucket", "{\"key\": \"b\"}");
        presign("my-bucket", "{\"key\": \"c\", \"action\": \"upload\"}");
        assertThat(FakeUpstreams.PRESIGN_KEY_CALLS.get()).isEqualTo(after);
    }

    @Test
    void upstreamCalls_carryTheCredentialTheAccountAndTheRequestId() {
        String requestId = "rid-" + UUID.randomUUID();
        asAccount(account).header("X-Request-Id", requestId).body("{\"key\": \"k\"}").when()
                .post("/internal/v1/buckets/my-bucket/presign").then().statusCode(200)
                .header("X-Request-Id", requestId);
        var calls = FakeUpstreams.REQUESTS.stream().filter(r -> requestId.equals(r.requestId())).toList();
        assertThat(calls).extracting(FakeUpstreams.Recorded::path)
                .containsExactlyInAnyOrder("/internal/v1/buckets/my-bucket", "/internal/v1/presign-keys");
        assertThat(calls).allSatisfy(r -> {
            assertThat(r.account()).isEqualTo(account);
            assertThat(r.internalToken()).isEqualTo(FakeUpstreams.INTERNAL_TOKEN);
        });
        assertThat(calls).filteredOn(r -> r.path().equals("/internal/v1/presign-keys")).singleElement()
                .satisfies(r -> assertThat(r.query()).contains("region=us-east-1", "service=s3", "date="));
    }

    @Test
    void issuedPresigns_areCounted() {
        presign("my-bucket", "{\"key\": \"k\", \"action\": \"upload\"}");
        InternalApi.anonymous().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("edge_presigns_issued_total{action=\"upload\""));
    }

    @Test
    void presigns_areCountedButNotTimedAgain() {
        // The gateway times each presign; this service only counts them (docs/benchmarks.md).
        presign("my-bucket", "{\"key\": \"k\"}");
        InternalApi.anonymous().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("edge_presigns_issued_total{action=\"download\""))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("uri=\"/internal/v1/buckets/{name}/presign\"")));
    }

    @Test
    void answer_hasExactlyTheDocumentedFields() {
        asAccount(account).body("{\"key\": \"k\"}").when().post("/internal/v1/buckets/my-bucket/presign")
                .then().statusCode(200)
                .body("keySet()", org.hamcrest.Matchers.containsInAnyOrder("url", "method", "expires", "keyId",
                        "headers", "grantId"))
                .body("headers", anEmptyMap())
                .body("url", startsWith("http://127.0.0.1:9000/"));
    }

    private static AuthFailure failureOf(Verification verification) {
        return verification instanceof Verification.Rejected r ? r.failure() : null;
    }
}
