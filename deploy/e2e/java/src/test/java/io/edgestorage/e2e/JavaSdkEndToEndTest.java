package io.edgestorage.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** AWS SDK for Java v2, default settings but for endpoint and path style, against the running system. */
class JavaSdkEndToEndTest {

    private static final Map<String, String> ENV = loadEnv();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static S3Client s3;
    private static S3Presigner presigner;

    static Map<String, String> loadEnv() {
        Path file = Path.of(System.getProperty("edge.env.file", "../../local/.run/env"));
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("export ") && line.contains("=")) {
                    int eq = line.indexOf('=');
                    values.put(line.substring(7, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("run deploy/local/up.sh first: " + file.toAbsolutePath(), e);
        }
        return values;
    }

    @BeforeAll
    static void clients() {
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ENV.get("EDGE_ACCESS_KEY"), ENV.get("EDGE_SECRET_KEY")));
        URI endpoint = URI.create(ENV.get("EDGE_S3_ENDPOINT"));
        s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(credentials).build();
        presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).credentialsProvider(credentials).build();
    }

    @AfterAll
    static void close() {
        s3.close();
        presigner.close();
    }

    @Test
    void presignedPutThenPresignedGet_roundTripTheBytes() throws Exception {
        byte[] photo = randomBytes(70_000);
        var put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofHours(1))
                .putObjectRequest(r -> r.bucket(ENV.get("EDGE_BUCKET")).key("java/photo.jpg").contentType("image/jpeg")));
        HttpResponse<String> uploaded = HTTP.send(HttpRequest.newBuilder(put.url().toURI())
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.headers().firstValue("ETag")).contains("\"" + md5(photo) + "\"");

        var get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(15))
                .getObjectRequest(r -> r.bucket(ENV.get("EDGE_BUCKET")).key("java/photo.jpg")));
        HttpResponse<byte[]> downloaded = HTTP.send(HttpRequest.newBuilder(get.url().toURI()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.body()).isEqualTo(photo);
    }

    @Test
    void s3ClientPutGetListDelete_withDefaultChecksums() {
        String bucket = ENV.get("EDGE_BUCKET");
        byte[] body = randomBytes(2 * 1024 * 1024 + 3);
        var put = s3.putObject(r -> r.bucket(bucket).key("java/sdk/a.bin").metadata(Map.of("origin", "java")),
                RequestBody.fromBytes(body));
        assertThat(put.eTag()).isEqualTo("\"" + md5(body) + "\"");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("java/sdk/a.bin")).asByteArray()).isEqualTo(body);
        List<String> keys = s3.listObjectsV2(r -> r.bucket(bucket).prefix("java/sdk/")).contents().stream()
                .map(S3Object::key).toList();
        assertThat(keys).contains("java/sdk/a.bin");
        s3.deleteObject(r -> r.bucket(bucket).key("java/sdk/a.bin"));
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key("java/sdk/a.bin")))
                .isInstanceOf(S3Exception.class).extracting(e -> ((S3Exception) e).statusCode()).isEqualTo(404);
    }

    @Test
    void unusualKeys_roundTrip() {
        String bucket = ENV.get("EDGE_BUCKET");
        for (String key : List.of("with space/file name.txt", "plus+sign+key.txt", "percent%20literal%2F.txt",
                "unicode/ünïcödé/日本語/😀.txt", "deep//runs///of////slashes/x.txt", "k".repeat(1020) + ".bin")) {
            byte[] body = ("java " + key).getBytes();
            try {
                s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
            } catch (S3Exception e) {
                throw new AssertionError("PutObject of key '" + key + "' failed: " + e.getMessage(), e);
            }
            assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()).as(key).isEqualTo(body);
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
