package io.edgestorage.objects;

import static io.edgestorage.objects.S3ProtocolTest.assertS3Error;
import static io.edgestorage.objects.S3ProtocolTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.edgestorage.objects.support.SdkErrors;
import io.edgestorage.objects.support.Signing;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Inputs S3 refuses or answers in a particular way, on the wire: each an S3 XML error, never a 500. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class S3RequestValidationTest {

    static S3Client s3;
    static String bucket;

    @BeforeEach
    void bucketWithTenBytes() {
        if (s3 == null) {
            s3 = S3Clients.accountA();
            bucket = S3Clients.bucketWithObject(s3, "valid", "ten", "0123456789");
        }
    }

    private static HttpResponse<String> get(String key, Map<String, String> query, Map<String, String> headers)
            throws Exception {
        return send("GET", Signing.presignA("GET", bucket, key, query), headers, null);
    }

    @Test
    void listObjectsV2_withMaxKeysZero_isAnEmptyPageNotTruncated() throws Exception {
        HttpResponse<String> r = send("GET", Signing.presignA("GET", bucket, "",
                Map.of("list-type", "2", "max-keys", "0", "prefix", "t")), Map.of(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<KeyCount>0</KeyCount>").contains("<MaxKeys>0</MaxKeys>")
                .contains("<IsTruncated>false</IsTruncated>").doesNotContain("<Contents>");
    }

    @Test
    void aPlainChunkedBodyWithoutContentLength_isMissingContentLength_andStoresNothing() throws Exception {
        HttpRequest put = HttpRequest.newBuilder(URI.create(Signing.presignA("PUT", bucket, "chunked", Map.of())))
                .timeout(Duration.ofSeconds(20))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000])))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());

        assertS3Error(r, 411, "MissingContentLength");
        assertS3Error(get("chunked", Map.of(), Map.of()), 404, "NoSuchKey");
    }

    @ParameterizedTest(name = "{0} of a 10-byte object")
    @ValueSource(strings = {"bytes=10-", "bytes=15-", "bytes=99999999999999999999-", "bytes=10-20"})
    void rangeStartingAtOrPastTheEnd_isInvalidRange_withTheSize(String range) throws Exception {
        HttpResponse<String> r = get("ten", Map.of(), Map.of("Range", range));
        assertS3Error(r, 416, "InvalidRange");
        assertThat(r.headers().firstValue("content-range")).hasValue("bytes */10");
    }

    @ParameterizedTest(name = "{0} is ignored")
    @ValueSource(strings = {"bytes=abc", "bytes=5-2", "bytes=+1-2", "lines=0-1"})
    void syntacticallyInvalidRange_isIgnored(String range) throws Exception {
        HttpResponse<String> r = get("ten", Map.of(), Map.of("Range", range));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("0123456789");
    }

    @Test
    void rangeEndingPastTheEnd_orHugeSuffix_isClampedToTheObject() throws Exception {
        HttpResponse<String> r = get("ten", Map.of(), Map.of("Range", "bytes=4-99999999999999999999"));
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo("456789");
        HttpResponse<String> suffix = get("ten", Map.of(), Map.of("Range", "bytes=-99999999999999999999"));
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.headers().firstValue("content-range")).hasValue("bytes 0-9/10");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"response-content-type=text/plain\r\nX-Injected: 1", "response-expires=a\u000bb",
            "response-cache-control=a\u001fb"})
    void responseOverrideWithAControlCharacter_isInvalidArgument_onGetAndHead(String override) throws Exception {
        String name = override.substring(0, override.indexOf('='));
        Map<String, String> query = Map.of(name, override.substring(name.length() + 1));
        HttpResponse<String> r = get("ten", query, Map.of());
        assertS3Error(r, 400, "InvalidArgument");
        assertThat(r.body()).contains(name);
        assertThat(r.headers().firstValue("x-injected")).isEmpty();
        HttpResponse<String> head = send("HEAD", Signing.presignA("HEAD", bucket, "ten", query), Map.of(), null);
        assertThat(head.statusCode()).isEqualTo(400);
        assertThat(head.headers().firstValue("x-amz-error-code")).hasValue("InvalidArgument");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bytes=0-10", "bytes=10-12", "bytes=-3", "bytes=4-", "bytes=5-2"})
    void uploadPartCopy_withARangeOutsideTheSourceOrNotFirstToLast_isInvalidArgument(String range) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("part-copy")).uploadId();
        try {
            SdkErrors.assertS3Error(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("ten")
                    .destinationBucket(bucket).destinationKey("part-copy").uploadId(uploadId).partNumber(1)
                    .copySourceRange(range)), 400, "InvalidArgument");
            assertThat(s3.listParts(b -> b.bucket(bucket).key("part-copy").uploadId(uploadId)).parts()).isEmpty();
        } finally {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key("part-copy").uploadId(uploadId));
        }
    }

    /** The raw response to a request line written as is: an HTTP client would refuse or re-encode these URIs. */
    private static String rawGet(String target) throws Exception {
        return rawGet(target, S3Clients.endpoint().getPort());
    }

    private static String rawGet(String target, int port) throws Exception {
        java.net.URI endpoint = S3Clients.endpoint();
        try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":"
                    + port + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/BUCKET/inv%FF", "/BUCKET/inv%C0", "/BUCKET/inv%C0%80", "/BUCKET/k?x=%FE", "/%FF"})
    void escapesThatAreNotUtf8_areInvalidUri_inS3Xml(String target) throws Exception {
        String response = rawGet(target.replace("BUCKET", bucket));
        assertThat(response).startsWith("HTTP/1.1 400").contains("<Code>InvalidURI</Code>").contains("<RequestId>");
    }

    /** In the path they fail Vert.x-web's route matching (S3Router's error handler), in the query S3Call's check. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/BUCKET/bad%zz", "/BUCKET/bad%4", "/BUCKET/bad%", "/BUCKET/k?x=%zz", "/BUCKET%zz", "/%zz"})
    void malformedEscapes_areInvalidUri_inS3Xml(String target) throws Exception {
        assertThat(rawGet(target.replace("BUCKET", bucket))).startsWith("HTTP/1.1 400")
                .contains("<Code>InvalidURI</Code>").contains("<RequestId>");
    }

    /** The public port is all data plane: there, {@code /q} and {@code /internal} paths are S3 requests too. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/q/health/%zz", "/internal/v1/%zz"})
    void malformedEscapes_inInternalPaths_onThePublicPort_areInvalidUri_inS3Xml(String target) throws Exception {
        assertThat(rawGet(target)).startsWith("HTTP/1.1 400").contains("<Code>InvalidURI</Code>");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/q/health/%zz", "/internal/v1/%zz"})
    void malformedEscapes_onTheInternalListener_areAPlain400(String target) throws Exception {
        assertThat(rawGet(target, io.edgestorage.common.testing.InternalApi.port())).startsWith("HTTP/1.1 400")
                .doesNotContain("<Error>");
    }

    @Test
    void anHttp11RequestWithoutHost_isInvalidRequest_inS3Xml() throws Exception {
        java.net.URI endpoint = S3Clients.endpoint();
        try (java.net.Socket socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /" + bucket + "/ten HTTP/1.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 400").contains("<Code>InvalidRequest</Code>").contains("Host");
        }
    }

    @Test
    void keysThatDifferOnlyInInvalidUtf8_areNeverOneObject() throws Exception {
        String url = Signing.presignA("PUT", bucket, "inv", Map.of()).replace("/inv?", "/inv%FF?");
        assertS3Error(send("PUT", url, Map.of(), "x"), 400, "InvalidURI");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("inv")).contents()).isEmpty();
    }

    private static void assertAbsent(String key) {
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents()).isEmpty();
    }

    @Test
    void writesAskingForEncryptionLockTaggingOrAnotherStorageClass_areRefused_andStoreNothing() {
        RequestBody body = RequestBody.fromString("x");
        SdkErrors.assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("sse").serverSideEncryption("AES256"), body),
                501, "NotImplemented");
        SdkErrors.assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("sse").sseCustomerAlgorithm("AES256")
                .sseCustomerKey("MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=")
                .sseCustomerKeyMD5("ZDRlNWE3N2QzNDIwMDMyNDdiOTU4NWIxODg0YWVmNWI="), body), 501, "NotImplemented");
        SdkErrors.assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("sse").tagging("a=b"), body), 501, "NotImplemented");
        SdkErrors.assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("sse").objectLockLegalHoldStatus("ON"), body),
                501, "NotImplemented");
        SdkErrors.assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("sse").storageClass("GLACIER"), body),
                400, "InvalidStorageClass");
        SdkErrors.assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("ten").destinationBucket(bucket)
                .destinationKey("sse").serverSideEncryption("aws:kms")), 501, "NotImplemented");
        SdkErrors.assertS3Error(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("sse").tagging("a=b")),
                501, "NotImplemented");
        assertAbsent("sse");
        s3.putObject(b -> b.bucket(bucket).key("standard").storageClass("STANDARD"), body);
    }

    @Test
    void createMultipartUpload_withAnUnknownChecksumAlgorithm_isInvalidRequest() {
        SdkErrors.assertS3Error(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("foo-sum")
                .overrideConfiguration(o -> o.putHeader("x-amz-checksum-algorithm", "FOO"))), 400, "InvalidRequest");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket).prefix("foo-sum")).uploads()).isEmpty();
    }

    @Test
    void createBucket_withObjectLockAnotherRegionOrABodyThatIsNotXml_isRefused() throws Exception {
        String name = S3Clients.bucketName("refused");
        SdkErrors.assertS3Error(() -> s3.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true)), 501, "NotImplemented");
        SdkErrors.assertS3Error(() -> s3.createBucket(b -> b.bucket(name).createBucketConfiguration(c -> c.locationConstraint(
                "eu-west-1"))), 400, "IllegalLocationConstraintException");
        assertS3Error(send("PUT", Signing.presignA("PUT", name, "", Map.of()), Map.of(), "not xml"), 400, "MalformedXML");
        assertS3Error(send("PUT", Signing.presignA("PUT", name, "", Map.of()), Map.of(),
                "<Foo><LocationConstraint>us-east-1</LocationConstraint></Foo>"), 400, "MalformedXML");
        SdkErrors.assertS3Error(() -> s3.headBucket(b -> b.bucket(name)), 404, "NoSuchBucket");
        HttpResponse<String> ok = send("PUT", Signing.presignA("PUT", name, "", Map.of()), Map.of(),
                "<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void listObjectsV2_withAContinuationTokenWeDidNotIssue_isInvalidArgument() throws Exception {
        for (String token : new String[] {"garbage", "not base64!", "AAAA"}) {
            HttpResponse<String> r = send("GET", Signing.presignA("GET", bucket, "",
                    Map.of("list-type", "2", "continuation-token", token)), Map.of(), null);
            assertS3Error(r, 400, "InvalidArgument");
            assertThat(r.body()).contains("The continuation token provided is incorrect");
        }
    }

    @Test
    void userMetadataOver2Kb_isMetadataTooLarge() {
        SdkErrors.assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("big-meta").metadata(Map.of("big", "x".repeat(2100))),
                RequestBody.fromString("x")), 400, "MetadataTooLarge");
        assertAbsent("big-meta");
    }

    @Test
    void deleteObjects_withTheWrongRootElement_isMalformedXml_andAnEmptyKeyIsAPerKeyError() throws Exception {
        String url = Signing.presignA("POST", bucket, "", Map.of("delete", ""));
        assertS3Error(send("POST", url, Map.of(), "<Foo><Object><Key>ten</Key></Object></Foo>"), 400, "MalformedXML");
        HttpResponse<String> empty = send("POST", url, Map.of(), "<Delete><Object><Key></Key></Object></Delete>");
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(200);
        assertThat(empty.body()).contains("<Error><Key></Key><Code>InvalidArgument</Code>");
        assertThat(get("ten", Map.of(), Map.of()).body()).isEqualTo("0123456789");
    }

    @Test
    void subresourceNames_matchInTheirExactCase() throws Exception {
        HttpResponse<String> r = send("POST", Signing.presignA("POST", bucket, "upper", Map.of("UPLOADS", "")), Map.of(), null);
        assertS3Error(r, 501, "NotImplemented");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket).prefix("upper")).uploads()).isEmpty();
    }

    @Test
    void partNumber_ofAnObjectOfOnePart_isTheWholeObject_andBeyondIsInvalidPart() {
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("ten").partNumber(1)).asUtf8String()).isEqualTo("0123456789");
        SdkErrors.assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("ten").partNumber(2)), 400, "InvalidPart");
        SdkErrors.assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("ten").partNumber(2)), 400, "InvalidPart");
        SdkErrors.assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("ten").partNumber(0)), 400, "InvalidArgument");
    }

    @Test
    void partNumber_ofAMultipartObject_servesThatPart_andBeyondTheLastIsInvalidPart() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("two-parts")
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32)
                .checksumType(software.amazon.awssdk.services.s3.model.ChecksumType.FULL_OBJECT)).uploadId();
        var first = s3.uploadPart(b -> b.bucket(bucket).key("two-parts").uploadId(uploadId).partNumber(1)
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32),
                RequestBody.fromBytes(new byte[5 * 1024 * 1024]));
        var second = s3.uploadPart(b -> b.bucket(bucket).key("two-parts").uploadId(uploadId).partNumber(2)
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32),
                RequestBody.fromString("tail"));
        var parts = java.util.List.of(
                software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1).eTag(first.eTag())
                        .checksumCRC32(first.checksumCRC32()).build(),
                software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2).eTag(second.eTag())
                        .checksumCRC32(second.checksumCRC32()).build());
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("two-parts").uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        java.util.zip.CRC32 whole = new java.util.zip.CRC32();
        whole.update(new byte[5 * 1024 * 1024]);
        whole.update("tail".getBytes());
        String expected = java.util.Base64.getEncoder().encodeToString(
                java.nio.ByteBuffer.allocate(4).putInt((int) whole.getValue()).array());
        assertThat(done.checksumCRC32()).isEqualTo(expected);
        assertThat(done.checksumTypeAsString()).isEqualTo("FULL_OBJECT");

        var head = s3.headObject(b -> b.bucket(bucket).key("two-parts").checksumMode("ENABLED"));
        assertThat(head.checksumCRC32()).isEqualTo(expected);
        assertThat(head.checksumTypeAsString()).isEqualTo("FULL_OBJECT");

        var tail = s3.getObjectAsBytes(b -> b.bucket(bucket).key("two-parts").partNumber(2).checksumMode("ENABLED"));
        assertThat(tail.asUtf8String()).isEqualTo("tail");
        assertThat(tail.response().partsCount()).isEqualTo(2);
        assertThat(tail.response().contentRange()).isEqualTo("bytes 5242880-5242883/5242884");
        assertThat(tail.response().eTag()).isEqualTo(done.eTag());
        assertThat(tail.response().checksumCRC32()).isEqualTo(second.checksumCRC32());
        assertThat(s3.headObject(b -> b.bucket(bucket).key("two-parts").partNumber(1)).contentLength())
                .isEqualTo(5 * 1024 * 1024);
        SdkErrors.assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("two-parts").partNumber(3)),
                400, "InvalidPart");
        SdkErrors.assertS3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("two-parts").partNumber(1)
                .range("bytes=0-1")), 400, "InvalidRequest");

        // a retried completion naming the same parts gets the same answer; other parts get NoSuchUpload
        var again = s3.completeMultipartUpload(b -> b.bucket(bucket).key("two-parts").uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        assertThat(again.eTag()).isEqualTo(done.eTag());
        assertThat(again.checksumCRC32()).isEqualTo(expected);
        SdkErrors.assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("two-parts")
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts.get(0)))), 404, "NoSuchUpload");

        // the checksum is kept through a copy
        var copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("two-parts").destinationBucket(bucket)
                .destinationKey("two-parts-copy"));
        assertThat(copy.copyObjectResult().checksumCRC32()).isEqualTo(expected);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("two-parts-copy").checksumMode("ENABLED")).checksumCRC32())
                .isEqualTo(expected);
    }

    @Test
    void completeMultipartUpload_withAWrongObjectChecksum_isBadDigest_andAWrongPartChecksumInvalidPart() {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("sha")
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256)).uploadId();
        var part = s3.uploadPart(b -> b.bucket(bucket).key("sha").uploadId(uploadId).partNumber(1)
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256),
                RequestBody.fromString("one part"));
        SdkErrors.assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("sha").uploadId(uploadId)
                .checksumSHA256("bad").multipartUpload(m -> m.parts(software.amazon.awssdk.services.s3.model.CompletedPart
                        .builder().partNumber(1).eTag(part.eTag()).build()))), 400, "BadDigest");
        SdkErrors.assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("sha").uploadId(uploadId)
                .multipartUpload(m -> m.parts(software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                        .partNumber(1).eTag(part.eTag()).checksumSHA256("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
                        .build()))), 400, "InvalidPart");
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("sha").uploadId(uploadId)
                .multipartUpload(m -> m.parts(software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                        .partNumber(1).eTag(part.eTag()).checksumSHA256(part.checksumSHA256()).build())));
        assertThat(done.checksumSHA256()).endsWith("-1");
        assertThat(done.checksumTypeAsString()).isEqualTo("COMPOSITE");
        SdkErrors.assertS3Error(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("sha")
                .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256)
                .checksumType(software.amazon.awssdk.services.s3.model.ChecksumType.FULL_OBJECT)), 400, "InvalidRequest");
    }
}
