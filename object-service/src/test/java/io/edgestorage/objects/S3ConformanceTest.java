package io.edgestorage.objects;

import static io.edgestorage.objects.S3ProtocolTest.assertS3Error;
import static io.edgestorage.objects.S3ProtocolTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
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

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Behaviours ceph/s3-tests checks the way SDKs rely on them: SigV2 bucket requests signed as botocore signs
 * them, S3's request ids on every answer, Content-Encoding and non-ASCII metadata as sent, ListBuckets pages,
 * an empty continuation token.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class S3ConformanceTest {

    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void bucketWithAnObject() {
        s3 = S3Clients.accountA();
        bucket = S3Clients.bucketWithObject(s3, "conform", "obj", "plain text");
    }

    private static long expires() {
        return Instant.now().plusSeconds(300).getEpochSecond();
    }

    private static String httpDate() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
    }

    // --- SigV2 on a bucket (test_cors_presigned_*_v2 set their bucket up with botocore's HmacV1) ---

    @Test
    void sigV2QueryAuth_onTheBucket_signedOverBucketSlash_isAccepted() throws Exception {
        String url = Signing.presignV2Resource("GET", "/" + bucket, "/" + bucket + "/", expires(),
                FakeKeyService.KEY_A, FakeKeyService.SECRET_A);

        HttpResponse<String> r = send("GET", url, Map.of(), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<Key>obj</Key>");
    }

    @Test
    void sigV2QueryAuth_onTheBucketSlash_signedOverTheBareBucket_isAccepted() throws Exception {
        String url = Signing.presignV2Resource("GET", "/" + bucket + "/", "/" + bucket, expires(),
                FakeKeyService.KEY_A, FakeKeyService.SECRET_A);

        HttpResponse<String> r = send("GET", url, Map.of(), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void sigV2HeaderAuth_putBucketCors_signedOverBucketSlashWithTheSubResource_isAccepted() throws Exception {
        String date = httpDate();
        String cors = "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod>"
                + "<AllowedOrigin>example</AllowedOrigin></CORSRule></CORSConfiguration>";
        String signature = Signing.sigV2(FakeKeyService.SECRET_A,
                "PUT\n\napplication/xml\n" + date + "\n/" + bucket + "/?cors");
        Map<String, String> headers = Map.of("Date", date, "Content-Type", "application/xml",
                "Authorization", "AWS " + FakeKeyService.KEY_A + ":" + signature);

        HttpResponse<String> r = send("PUT", S3Clients.endpoint() + "/" + bucket + "?cors", headers, cors);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(s3.getBucketCors(b -> b.bucket(bucket)).corsRules()).hasSize(1);
    }

    @Test
    void sigV2_bucketSlashSignature_neverReachesAnotherBucketOrAKey() throws Exception {
        String other = S3Clients.bucketName("conform-other");
        s3.createBucket(b -> b.bucket(other));
        long exp = expires();
        String sig = java.net.URLEncoder.encode(Signing.sigV2(FakeKeyService.SECRET_A,
                "GET\n\n\n" + exp + "\n/" + bucket + "/"), StandardCharsets.UTF_8);
        String query = "?AWSAccessKeyId=" + FakeKeyService.KEY_A + "&Expires=" + exp + "&Signature=" + sig;

        assertThat(send("GET", S3Clients.endpoint() + "/" + bucket + query, Map.of(), null).statusCode()).isEqualTo(200);
        assertS3Error(send("GET", S3Clients.endpoint() + "/" + other + query, Map.of(), null), 403, "SignatureDoesNotMatch");
        assertS3Error(send("GET", S3Clients.endpoint() + "/" + other + "/" + query, Map.of(), null), 403,
                "SignatureDoesNotMatch");
        assertS3Error(send("GET", S3Clients.endpoint() + "/" + bucket + "/obj" + query, Map.of(), null), 403,
                "SignatureDoesNotMatch");
    }

    // --- x-amz-request-id and x-amz-id-2 ---

    @Test
    void everyAnswer_carriesTheRequestIds_andAnErrorsRequestIdIsItsDocuments() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                send("GET", Signing.presignA("GET", bucket, "obj", Map.of()), Map.of(), null),
                send("GET", Signing.presignA("GET", bucket, "", Map.of()), Map.of(), null),
                send("GET", S3Clients.endpoint() + "/", Map.of(), null),
                send("GET", Signing.presignA("GET", bucket, "missing", Map.of()), Map.of(), null),
                send("HEAD", Signing.presignA("HEAD", bucket, "missing", Map.of()), Map.of(), null),
                send("OPTIONS", S3Clients.endpoint() + "/" + bucket + "/obj",
                        Map.of("Origin", "https://nowhere.example", "Access-Control-Request-Method", "GET"), null),
                send("GET", S3Clients.endpoint() + "/q/health", Map.of(), null),
                send("GET", S3Clients.endpoint() + "/internal/v1/buckets", Map.of(), null));
        for (HttpResponse<String> r : answers) {
            String id = r.headers().firstValue("x-amz-request-id").orElse(null);
            assertThat(id).as(r.uri() + " " + r.statusCode()).isNotBlank();
            assertThat(r.headers().firstValue("x-amz-id-2")).as(r.uri().toString()).isPresent();
            if (r.statusCode() >= 400 && !r.body().isEmpty()) {
                assertThat(r.body()).as(r.uri().toString()).contains("<RequestId>" + id + "</RequestId>")
                        .contains("<HostId>" + r.headers().firstValue("x-amz-id-2").get() + "</HostId>");
            }
        }
        assertThat(answers.get(0).headers().firstValue("x-amz-request-id"))
                .isNotEqualTo(answers.get(1).headers().firstValue("x-amz-request-id"));
    }

    // --- Content-Encoding as stored (test_object_content_encoding_aws_chunked) ---

    @Test
    void contentEncoding_isReturnedAsSent_withoutTheAwsChunkedFraming() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("gzip", "gzip");
        cases.put("deflate, gzip", "deflate, gzip");
        cases.put("gzip, aws-chunked", "gzip");
        cases.put("aws-chunked, gzip", "gzip");
        cases.put("aws-chunked", null);
        cases.put("aws-chunked, aws-chunked", null);
        cases.forEach((sent, expected) -> {
            s3.putObject(b -> b.bucket(bucket).key("encoding").contentEncoding(sent), RequestBody.fromString("x"));
            assertThat(s3.headObject(b -> b.bucket(bucket).key("encoding")).contentEncoding()).as(sent).isEqualTo(expected);
        });
    }

    /**
     * botocore's {@code ContentEncoding='gzip, aws-chunked'}: the label on a plain body (UNSIGNED-PAYLOAD over
     * HTTPS) whose CRC32 header verifies it, without x-amz-decoded-content-length: stored, the label dropped.
     */
    @Test
    void awsChunkedLabel_onAPlainBodyVerifiedByItsChecksumHeader_isStored_withoutTheLabel() throws Exception {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("bar".getBytes(StandardCharsets.UTF_8));
        String crc32 = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        Map<String, String> headers = new java.util.TreeMap<>(Map.of("content-encoding", "gzip, aws-chunked",
                "x-amz-checksum-crc32", crc32));

        String put = rawSigV4(rawSigV4Request("PUT", "/" + bucket + "/labelled", headers, "bar", "UNSIGNED-PAYLOAD"));

        assertThat(put).startsWith("HTTP/1.1 200");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("labelled")).contentEncoding()).isEqualTo("gzip");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("labelled")).asUtf8String()).isEqualTo("bar");
        // without anything verifying the bytes, the label may mean framing: its decoded length is required
        String unverified = rawSigV4(rawSigV4Request("PUT", "/" + bucket + "/unverified",
                Map.of("content-encoding", "aws-chunked"), "bar", "UNSIGNED-PAYLOAD"));
        assertThat(unverified).startsWith("HTTP/1.1 411").contains("MissingContentLength");
    }

    // --- non-ASCII metadata (test_object_set_get_unicode_metadata) ---

    /**
     * botocore sends {@code x-amz-meta-meta1: Hello Worldé} as UTF-8 bytes and signs those bytes; the value comes
     * back as the one byte per char HTTP clients read headers as, so botocore reads back the text it sent.
     */
    @Test
    void nonAsciiMetadata_sentAsUtf8Bytes_verifies_andComesBackAsThatText() throws Exception {
        String value = "Hello World\u00e9";
        String put = rawSigV4("PUT", "/" + bucket + "/unicode", Map.of("x-amz-meta-meta1", value), "bar");
        assertThat(put).startsWith("HTTP/1.1 200");

        byte[] head = rawBytes(rawSigV4Request("HEAD", "/" + bucket + "/unicode", Map.of(), ""));
        String headers = new String(head, StandardCharsets.ISO_8859_1);
        assertThat(headers).startsWith("HTTP/1.1 200").contains("x-amz-meta-meta1: " + value + "\r\n");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("unicode")).metadata()).containsEntry("meta1", value);
    }

    @Test
    void metadataBeyondLatin1_comesBackAsAnRfc2047EncodedWord() throws Exception {
        String value = "\u65e5\u672c \u20ac";
        assertThat(rawSigV4("PUT", "/" + bucket + "/cjk", Map.of("x-amz-meta-word", value), "bar")).startsWith("HTTP/1.1 200");

        String head = new String(rawBytes(rawSigV4Request("HEAD", "/" + bucket + "/cjk", Map.of(), "")),
                StandardCharsets.ISO_8859_1);
        String encoded = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
        assertThat(head).contains("x-amz-meta-word: " + encoded + "\r\n");
    }

    @Test
    void nonAsciiMetadata_signedOverOtherBytes_isSignatureDoesNotMatch() throws Exception {
        // signed over "Hello World?" but sent with é
        String request = rawSigV4Request("PUT", "/" + bucket + "/tampered", Map.of("x-amz-meta-meta1", "Hello World?"), "bar")
                .replace("Hello World?", "Hello World\u00e9");
        assertThat(new String(rawBytes(request), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 403")
                .contains("SignatureDoesNotMatch");
    }

    // --- ListBuckets pages (test_list_buckets_paginated) ---

    @Test
    void listBuckets_pagesWithMaxBucketsAndContinuationToken_filteredByPrefix() throws Exception {
        String prefix = S3Clients.bucketName("page");
        String first = prefix + "-a";
        String second = prefix + "-b";

        assertThat(listBuckets("max-buckets=1&prefix=" + prefix)).doesNotContain("<Bucket>").doesNotContain("<ContinuationToken>")
                .contains("<Prefix>" + prefix + "</Prefix>");
        s3.createBucket(b -> b.bucket(first));
        assertThat(listBuckets("max-buckets=1&prefix=" + prefix)).contains("<Name>" + first + "</Name>")
                .doesNotContain("<ContinuationToken>");
        s3.createBucket(b -> b.bucket(second));
        String page1 = listBuckets("max-buckets=1&prefix=" + prefix);
        assertThat(page1).contains("<Name>" + first + "</Name>").doesNotContain(second);
        Matcher token = Pattern.compile("<ContinuationToken>([^<]+)</ContinuationToken>").matcher(page1);
        assertThat(token.find()).as(page1).isTrue();

        String page2 = listBuckets("max-buckets=1&prefix=" + prefix + "&continuation-token="
                + java.net.URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        assertThat(page2).contains("<Name>" + second + "</Name>").doesNotContain(first).doesNotContain("<ContinuationToken>");

        // the SDK reads the same pages
        var sdkPage = s3.listBuckets(b -> b.maxBuckets(1).prefix(prefix));
        assertThat(sdkPage.buckets()).extracting(Bucket::name).containsExactly(first);
        assertThat(s3.listBuckets(b -> b.maxBuckets(1).prefix(prefix).continuationToken(sdkPage.continuationToken()))
                .buckets()).extracting(Bucket::name).containsExactly(second);
        assertThat(listBuckets("")).contains("<Name>" + first + "</Name>").contains("<Name>" + second + "</Name>")
                .doesNotContain("<ContinuationToken>");
    }

    @Test
    void listBuckets_withMaxBucketsOutOfRange_orAForeignToken_isInvalidArgument() throws Exception {
        for (String bad : new String[] {"max-buckets=0", "max-buckets=10001", "max-buckets=-1", "max-buckets=ten",
                "continuation-token=bm90LW91cnM"}) {
            assertS3Error(sendListBuckets(bad), 400, "InvalidArgument");
        }
    }

    private static String listBuckets(String query) throws Exception {
        HttpResponse<String> r = sendListBuckets(query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** ListBuckets with SigV4 header auth (a presigned URL needs a bucket). */
    private static HttpResponse<String> sendListBuckets(String query) throws Exception {
        java.net.URI uri = java.net.URI.create(S3Clients.endpoint() + "/" + (query.isEmpty() ? "" : "?" + query));
        return send("GET", uri.toString(), Signing.headerAuth("GET", uri, SigV4.EMPTY_BODY_SHA256), null);
    }

    // --- an empty continuation-token (test_bucket_listv2_continuationtoken_empty) ---

    @Test
    void listObjectsV2_withAnEmptyContinuationToken_listsFromTheStart_andEchoesIt() throws Exception {
        HttpResponse<String> r = send("GET", Signing.presignA("GET", bucket, "",
                Map.of("list-type", "2", "continuation-token", "")), Map.of(), null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<ContinuationToken></ContinuationToken>").contains("<Key>obj</Key>")
                .contains("<IsTruncated>false</IsTruncated>");
    }

    // --- raw SigV4 requests whose header bytes are UTF-8 ---

    /** Sends a SigV4 header-auth request with these x-amz-* headers, signed and written as UTF-8 bytes. */
    private static String rawSigV4(String method, String path, Map<String, String> amzHeaders, String body) throws Exception {
        return new String(rawBytes(rawSigV4Request(method, path, amzHeaders, body)), StandardCharsets.UTF_8);
    }

    private static String rawSigV4Request(String method, String path, Map<String, String> amzHeaders, String body)
            throws Exception {
        return rawSigV4Request(method, path, amzHeaders, body, S3ProtocolTest.SigV4Hex.sha256(body));
    }

    /** As above with this payload line ({@code UNSIGNED-PAYLOAD} or the body's hex SHA-256); every header given is signed. */
    private static String rawSigV4Request(String method, String path, Map<String, String> amzHeaders, String body,
            String payloadHash) throws Exception {
        Instant now = Instant.now();
        String amzDate = SigV4.formatAmzDate(now);
        String host = "localhost:" + S3Clients.endpoint().getPort();
        SimpleHttpRequest.Builder req = SimpleHttpRequest.builder().method(method).rawPath(path).header("host", host)
                .header("x-amz-content-sha256", payloadHash).header("x-amz-date", amzDate);
        amzHeaders.forEach(req::header);
        List<String> signed = new java.util.ArrayList<>(List.of("host", "x-amz-content-sha256", "x-amz-date"));
        signed.addAll(amzHeaders.keySet());
        java.util.Collections.sort(signed);
        CredentialScope scope = CredentialScope.of(now, "us-east-1", "s3");
        String canonical = SigV4.canonicalRequest(method, SigV4.canonicalUri(path), "",
                SigV4.canonicalHeaders(req.build(), signed), SigV4.signedHeadersLine(signed), payloadHash);
        String signature = SigningKey.derive(FakeKeyService.SECRET_A, scope).signHex(SigV4.stringToSign(amzDate, scope, canonical));
        StringBuilder out = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        out.append("x-amz-date: ").append(amzDate).append("\r\nx-amz-content-sha256: ").append(payloadHash).append("\r\n");
        amzHeaders.forEach((k, v) -> out.append(k).append(": ").append(v).append("\r\n"));
        out.append("Authorization: AWS4-HMAC-SHA256 Credential=").append(FakeKeyService.KEY_A).append('/').append(scope)
                .append(",SignedHeaders=").append(SigV4.signedHeadersLine(signed)).append(",Signature=").append(signature)
                .append("\r\nContent-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length)
                .append("\r\nConnection: close\r\n\r\n").append(body);
        return out.toString();
    }

    private static String rawSigV4(String request) throws Exception {
        return new String(rawBytes(request), StandardCharsets.UTF_8);
    }

    /** Writes the request as UTF-8 bytes and reads the whole answer. */
    private static byte[] rawBytes(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", S3Clients.endpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toByteArray();
        }
    }
}
