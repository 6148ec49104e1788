package io.edgestorage.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The seed's two Edge API curl calls as REST Assured calls through the running gateway, each URL then used
 * against the running object-service; tenant isolation; and a key rotation through the Edge API.
 */
class EdgeApiEndToEndTest {

    private static final Map<String, String> ENV = JavaSdkEndToEndTest.loadEnv();
    private static final String BUCKET = ENV.get("EDGE_BUCKET");

    private static JsonPath presign(String token, String bucket, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post(ENV.get("EDGE_API_URL") + "/api/storage/buckets/{b}/presign", bucket)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    /**
     * The URL exactly as presign-service wrote it (its query is already encoded and signed), with the
     * Content-Type as given: by default REST Assured would append "; charset=ISO-8859-1" to it.
     */
    private static Response use(String method, String url, String contentType, byte[] body) {
        var request = given().urlEncodingEnabled(false).config(RestAssuredConfig.config().encoderConfig(
                EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)));
        if (body != null) {
            request = request.contentType(contentType).body(body);
        }
        return request.when().request(method, url);
    }

    @Test
    void seedUploadForAnHour_thenSeedDownloadForFifteenMinutes_moveTheSameBytes() throws Exception {
        byte[] photo = new byte[50_000];
        new Random(6).nextBytes(photo);
        String token = ENV.get("EDGE_TOKEN");

        JsonPath upload = presign(token, BUCKET, """
                {"key": "restassured/photo.jpg", "action": "upload", "expires": "1h"}""");
        assertThat(upload.getString("method")).isEqualTo("PUT");
        assertThat(Duration.between(Instant.now(), Instant.parse(upload.getString("expires"))))
                .isBetween(Duration.ofMinutes(58), Duration.ofMinutes(61));
        String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(photo)) + "\"";
        use("PUT", upload.getString("url"), "image/jpeg", photo).then().statusCode(200).header("ETag", etag);

        JsonPath download = presign(token, BUCKET, """
                {"key": "restassured/photo.jpg", "expires": "15m"}""");
        assertThat(download.getString("method")).isEqualTo("GET");
        assertThat(Duration.between(Instant.now(), Instant.parse(download.getString("expires"))))
                .isBetween(Duration.ofMinutes(13), Duration.ofMinutes(16));
        Response got = use("GET", download.getString("url"), null, null);
        got.then().statusCode(200).header("ETag", etag).header("Content-Type", "image/jpeg");
        assertThat(got.asByteArray()).isEqualTo(photo);
    }

    @Test
    void aTokenOfAnotherAccount_cannotPresignForThisBucket_andLearnsNothing() {
        given().auth().oauth2(ENV.get("EDGE_ALT_TOKEN")).contentType(ContentType.JSON).body("{\"key\": \"k\"}")
                .when().post(ENV.get("EDGE_API_URL") + "/api/storage/buckets/{b}/presign", BUCKET)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("no-such-bucket"));
    }

    @Test
    void rotatingTheKey_killsTheUrlsItSigned_andNewPresignsWork() throws Exception {
        String token = ENV.get("EDGE_TOKEN");
        String api = ENV.get("EDGE_API_URL");
        use("PUT", presign(token, BUCKET, "{\"key\": \"restassured/rotation.txt\", \"action\": \"upload\"}")
                .getString("url"), "text/plain", "before".getBytes()).then().statusCode(200);
        String keyId = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\": \"restassured-e2e\"}")
                .when().post(api + "/api/storage/keys").then().statusCode(201).extract().path("accessKeyId");
        try {
            String body = "{\"key\": \"restassured/rotation.txt\", \"keyId\": \"" + keyId + "\"}";
            String before = presign(token, BUCKET, body).getString("url");
            use("GET", before, null, null).then().statusCode(200);

            given().auth().oauth2(token).when().post(api + "/api/storage/keys/{id}/rotate", keyId).then().statusCode(200);
            // The rotation reaches object-service over Kafka within milliseconds, not in the same instant.
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            Response refused = use("GET", before, null, null);
            while (refused.statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                refused = use("GET", before, null, null);
            }
            refused.then().statusCode(403);
            assertThat(refused.asString()).containsAnyOf("<Code>SignatureDoesNotMatch</Code>",
                    "<Code>InvalidAccessKeyId</Code>");

            String after = presign(token, BUCKET, body).getString("url");
            assertThat(after).isNotEqualTo(before);
            assertThat(use("GET", after, null, null).then().statusCode(200).extract().asString()).isEqualTo("before");
        } finally {
            given().auth().oauth2(token).when().delete(api + "/api/storage/keys/{id}", keyId).then().statusCode(204);
        }
    }
}
