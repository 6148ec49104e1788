package io.edgestorage.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.edgestorage.gateway.support.FakeServices;
import io.edgestorage.gateway.support.Tokens;
import io.edgestorage.sigv4.ParsedSigV4Auth;
import io.edgestorage.sigv4.SigV4Verifier;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.SimpleHttpRequest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The seed's two Edge API curl calls, through the gateway with a platform API token. presign-service is
 * {@link FakeServices}' double (it signs with the real sigv4 presigner and a fake key); the URLs are
 * checked with the sigv4 verifier against that key's secret. Using them against a running
 * object-service is the end-to-end suite's job.
 */
@QuarkusTest
@WithTestResource(value = FakeServices.class, scope = TestResourceScope.GLOBAL)
class PresignThroughGatewayTest {

    @TestHTTPResource("/")
    URI gateway;

    private static JsonPath presign(String token, String bucket, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/storage/buckets/{b}/presign", bucket)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private static boolean verifies(String url, String method) {
        URI uri = URI.create(url);
        SimpleHttpRequest request = SimpleHttpRequest.builder().method(method).rawPath(uri.getRawPath())
                .rawQuery(uri.getRawQuery()).header("host", uri.getHost() + ":" + uri.getPort()).build();
        SigV4Verifier verifier = SigV4Verifier.s3Defaults();
        var parsed = verifier.parse(request, Instant.now());
        return parsed instanceof ParsedSigV4Auth auth
                && verifier.verify(auth, request, SigningKey.derive(FakeServices.SECRET, auth.scope())).isVerified();
    }

    @Test
    void seedUploadCall_returnsAPutUrlForOneHour() {
        String account = Tokens.newAccount();
        FakeServices.BUCKETS.put(account, Set.of("my-bucket"));
        String token = Tokens.platformToken(account, "storage:presign");
        JsonPath answer = presign(token, "my-bucket", """
                {
                  "key": "uploads/photo.jpg",
                  "action": "upload",
                  "expires": "1h"
                }""");
        assertThat(answer.getString("method")).isEqualTo("PUT");
        assertThat(answer.getString("url")).startsWith("http://127.0.0.1:9000/my-bucket/uploads/photo.jpg?X-Amz-Algorithm=");
        assertThat(Duration.between(Instant.now(), Instant.parse(answer.getString("expires"))))
                .isBetween(Duration.ofMinutes(58), Duration.ofMinutes(61));
        assertThat(verifies(answer.getString("url"), "PUT")).isTrue();
        assertThat(verifies(answer.getString("url"), "GET")).isFalse();
    }

    @Test
    void seedDownloadCall_returnsAGetUrlForFifteenMinutes() {
        String account = Tokens.newAccount();
        FakeServices.BUCKETS.put(account, Set.of("my-bucket"));
        String token = Tokens.platformToken(account, "storage:presign");
        JsonPath answer = presign(token, "my-bucket", """
                {
                  "key": "invoices/invoice-001.pdf",
                  "expires": "15m"
                }""");
        assertThat(answer.getString("method")).isEqualTo("GET");
        assertThat(answer.getString("url")).contains("X-Amz-Expires=900");
        assertThat(Duration.between(Instant.now(), Instant.parse(answer.getString("expires"))))
                .isBetween(Duration.ofMinutes(13), Duration.ofMinutes(16));
        assertThat(verifies(answer.getString("url"), "GET")).isTrue();
    }

    @Test
    void tokenOfAccountA_forABucketOfAccountB_isNotFound() {
        String a = Tokens.newAccount();
        String b = Tokens.newAccount();
        FakeServices.BUCKETS.put(b, Set.of("b-bucket"));
        given().auth().oauth2(Tokens.platformToken(a, "storage:presign")).contentType(ContentType.JSON)
                .body("{\"key\": \"k\"}").when().post("/api/storage/buckets/b-bucket/presign")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("no-such-bucket"))
                .body("instance", equalTo("/api/storage/buckets/b-bucket/presign"));
    }

    @Test
    void concurrentPresigns_sharePipelinedConnections_andEachGetsItsOwnAnswer() throws Exception {
        // Each burst uses two fresh accounts, so that its 32 calls stay within the test profile's rate limit
        // of 20 per account.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // The first burst may open a connection per call: calls that arrive while the pool's first connection
        // is still being opened each open one more. The second finds those connections open and idle.
        burst(client, "first");
        long connections = burst(client, "second");
        // Up to 8 presigns in flight per connection (edge.gateway.presign-pipelining-limit) on connections
        // already open: 32 calls fit on 4 (2 event loops in the test profile, each with its own pool). Without
        // pipelining every one of the 32 overlapping presigns needs a connection of its own.
        assertThat(connections).as("presign-service connections carrying 32 concurrent presigns").isBetween(1L, 12L);
    }

    /** 32 concurrent presigns, each checked to get its own answer; returns how many connections carried them. */
    private long burst(HttpClient client, String name) throws Exception {
        List<String> accounts = List.of(Tokens.newAccount(), Tokens.newAccount());
        List<String> tokens = accounts.stream().map(account -> {
            FakeServices.BUCKETS.put(account, Set.of("busy-bucket"));
            return Tokens.platformToken(account, "storage:presign");
        }).toList();
        int calls = 32;
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(gateway.resolve("api/storage/buckets/busy-bucket/presign"))
                    .header("Authorization", "Bearer " + tokens.get(i % 2)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + FakeServices.SLOW_KEY_PREFIX + name + i + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> answer = answers.get(i).get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            String url = JsonPath.from(answer.body()).getString("url");
            assertThat(URI.create(url).getRawPath()).as("answer %s %d is its own", name, i)
                    .isEqualTo("/busy-bucket/" + FakeServices.SLOW_KEY_PREFIX + name + i);
            assertThat(verifies(url, "GET")).isTrue();
        }
        return FakeServices.REQUESTS.stream().filter(r -> r.account() != null && accounts.contains(r.account()))
                .map(FakeServices.Recorded::connection).distinct().count();
    }
}
