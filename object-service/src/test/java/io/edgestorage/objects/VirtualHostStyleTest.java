package io.edgestorage.objects;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.Signing;
import io.edgestorage.sigv4.CredentialScope;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.SimpleHttpRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** With EDGE_S3_DOMAIN set, {@code <bucket>.<domain>} addresses the bucket and the path is the key. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
@TestProfile(VirtualHostStyleTest.WithDomain.class)
class VirtualHostStyleTest {

    public static class WithDomain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.s3.domain", "s3.localtest");
        }
    }

    /** A SigV4 header-auth GET sent over a raw socket, so the Host header can name the bucket. */
    static String get(String host, String rawPath) throws Exception {
        Instant now = Instant.now();
        String amzDate = SigV4.formatAmzDate(now);
        CredentialScope scope = CredentialScope.of(now, "us-east-1", "s3");
        List<String> signed = List.of("host", "x-amz-content-sha256", "x-amz-date");
        SimpleHttpRequest req = SimpleHttpRequest.builder().method("GET").rawPath(rawPath).header("host", host)
                .header("x-amz-content-sha256", SigV4.EMPTY_BODY_SHA256).header("x-amz-date", amzDate).build();
        String canonical = SigV4.canonicalRequest("GET", SigV4.canonicalUri(rawPath), "",
                SigV4.canonicalHeaders(req, signed), SigV4.signedHeadersLine(signed), SigV4.EMPTY_BODY_SHA256);
        String signature = SigningKey.derive(FakeKeyService.SECRET_A, scope).signHex(SigV4.stringToSign(amzDate, scope, canonical));
        return send(host, rawPath, "x-amz-date: " + amzDate + "\r\nx-amz-content-sha256: " + SigV4.EMPTY_BODY_SHA256
                + "\r\nAuthorization: AWS4-HMAC-SHA256 Credential=" + FakeKeyService.KEY_A + "/" + scope
                + ",SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=" + signature + "\r\n");
    }

    /** A GET of {@code target} over a raw socket with this Host and these extra header lines. */
    static String send(String host, String target, String headerLines) throws Exception {
        int port = S3Clients.endpoint().getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + headerLines
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bucketInTheHost_andKeyInThePath_areServed_besidePathStyle() throws Exception {
        String bucket = S3Clients.bucketName("vhost");
        try (S3Client s3 = S3Clients.accountA()) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("dir/hello.txt"), RequestBody.fromString("virtual"));
        }
        int port = S3Clients.endpoint().getPort();
        String object = get(bucket + ".s3.localtest:" + port, "/dir/hello.txt");
        assertThat(object).startsWith("HTTP/1.1 200").endsWith("virtual");
        String listing = get(bucket + ".s3.localtest:" + port, "/");
        assertThat(listing).startsWith("HTTP/1.1 200").contains("<Key>dir/hello.txt</Key>");
        String pathStyle = get("127.0.0.1:" + port, "/" + bucket + "/dir/hello.txt");
        assertThat(pathStyle).startsWith("HTTP/1.1 200").endsWith("virtual");
    }

    @Test
    void sigV2Url_signsTheBucketOfTheHost_andIsRefusedForAnotherBucketOfTheSameAccount() throws Exception {
        String bucket = S3Clients.bucketName("vhost-v2");
        String other = S3Clients.bucketName("vhost-v2-other");
        try (S3Client s3 = S3Clients.accountA()) {
            for (String b : List.of(bucket, other)) {
                s3.createBucket(r -> r.bucket(b));
                s3.putObject(r -> r.bucket(b).key("k.txt"), RequestBody.fromString("in " + b));
            }
        }
        int port = S3Clients.endpoint().getPort();
        long expires = Instant.now().plusSeconds(300).getEpochSecond();
        // As botocore signs a virtual-host request: the resource is /bucket/key, the path /key.
        String url = Signing.presignV2Resource("GET", "/k.txt", "/" + bucket + "/k.txt", expires, FakeKeyService.KEY_A,
                FakeKeyService.SECRET_A);
        String target = url.substring(S3Clients.endpoint().toString().length());

        assertThat(send(bucket + ".s3.localtest:" + port, target, "")).startsWith("HTTP/1.1 200").endsWith("in " + bucket);
        assertThat(send(other + ".s3.localtest:" + port, target, "")).startsWith("HTTP/1.1 403")
                .contains("<Code>SignatureDoesNotMatch</Code>");
    }
}
