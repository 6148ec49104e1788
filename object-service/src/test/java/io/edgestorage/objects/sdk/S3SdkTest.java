package io.edgestorage.objects.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.*;

/** Every implemented operation through the AWS SDK for Java v2 at its default settings. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class S3SdkTest {

    static S3Client s3;
    static S3Client other;

    @BeforeAll
    static void clients() {
        s3 = S3Clients.accountA();
        other = S3Clients.accountB();
    }

    @AfterAll
    static void close() {
        s3.close();
        other.close();
    }

    private static String newBucket(String hint) {
        String name = S3Clients.bucketName(hint);
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    @Test
    void bucketLifecycle_createHeadListLocateVersioningDelete() {
        String name = newBucket("life");
        s3.headBucket(b -> b.bucket(name));
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains(name);
        assertThat(other.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(name);
        assertThat(s3.getBucketLocation(b -> b.bucket(name)).locationConstraintAsString()).isEmpty();
        assertThat(s3.getBucketVersioning(b -> b.bucket(name)).status()).isNull();
        s3.deleteBucket(b -> b.bucket(name));
        assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(name))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void createBucket_twice_succeedsInUsEast1_andByAnotherAccount_alreadyExists() {
        String name = newBucket("dup");
        // S3's legacy us-east-1 behaviour (this service's region in tests); elsewhere BucketAlreadyOwnedByYou
        assertThat(s3.createBucket(b -> b.bucket(name)).sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).containsOnlyOnce(name);
        assertThatThrownBy(() -> other.createBucket(b -> b.bucket(name))).isInstanceOf(BucketAlreadyExistsException.class);
    }

    @Test
    void createBucket_namedInternal_isInvalidBucketName() {
        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("internal")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName"));
    }

    @Test
    void deleteBucket_withObjects_isBucketNotEmpty() {
        String name = newBucket("full");
        s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket(name)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty"));
    }

    @Test
    void anotherAccountsBucket_isAccessDenied() {
        String name = newBucket("mine");
        assertThatThrownBy(() -> other.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> other.listObjectsV2(b -> b.bucket(name)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void aPut_intoABucketRecreatedByAnotherAccount_isRefused_whileTheOwnerCacheStillTrustsTheOldOwner() {
        String name = newBucket("moved");
        s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("first")); // the cache learns the owner
        s3.deleteObject(b -> b.bucket(name).key("k"));
        s3.deleteBucket(b -> b.bucket(name));
        other.createBucket(b -> b.bucket(name));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("intruder")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
        assertThat(other.listObjectsV2(b -> b.bucket(name)).contents()).isEmpty();
        // the cache forgot the old owner: the next PUT meets the ownership check before its body
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("intruder")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void putGetHeadDelete_keepContentHeadersMetadataAndChecksums() {
        String bucket = newBucket("obj");
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("docs/hello.txt").contentType("text/plain")
                .contentDisposition("attachment; filename=\"hello.txt\"").cacheControl("max-age=60")
                .contentLanguage("en").metadata(Map.of("owner", "alice")), RequestBody.fromString("hello world"));
        assertThat(put.eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("docs/hello.txt"));
        assertThat(got.asUtf8String()).isEqualTo("hello world");
        GetObjectResponse meta = got.response();
        assertThat(meta.contentType()).isEqualTo("text/plain");
        assertThat(meta.contentDisposition()).isEqualTo("attachment; filename=\"hello.txt\"");
        assertThat(meta.cacheControl()).isEqualTo("max-age=60");
        assertThat(meta.contentLanguage()).isEqualTo("en");
        assertThat(meta.metadata()).containsEntry("owner", "alice");
        assertThat(meta.eTag()).isEqualTo(put.eTag());

        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("docs/hello.txt").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.contentLength()).isEqualTo(11);
        assertThat(head.checksumCRC32()).isNotNull();

        s3.deleteObject(b -> b.bucket(bucket).key("docs/hello.txt"));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("docs/hello.txt")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("docs/hello.txt")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void getObject_withRange_returnsThePartialContent() {
        String bucket = newBucket("range");
        s3.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromString("0123456789"));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=2-5"));
        assertThat(got.asUtf8String()).isEqualTo("2345");
        assertThat(got.response().contentRange()).isEqualTo("bytes 2-5/10");
    }

    @Test
    void overwrite_replacesTheWholeObject() {
        String bucket = newBucket("over");
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("first version"));
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("second"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("second");
    }

    @Test
    void listObjectsV2_pagesWithPrefixDelimiterAndContinuation() {
        String bucket = newBucket("list");
        for (String k : List.of("a/1", "a/2", "b/1", "c", "d", "e")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        ListObjectsV2Response folders = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
        assertThat(folders.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("a/", "b/");
        assertThat(folders.contents()).extracting(S3Object::key).containsExactly("c", "d", "e");

        ListObjectsV2Response prefixed = s3.listObjectsV2(b -> b.bucket(bucket).prefix("a/"));
        assertThat(prefixed.contents()).extracting(S3Object::key).containsExactly("a/1", "a/2");

        ListObjectsV2Response page1 = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(4));
        assertThat(page1.isTruncated()).isTrue();
        assertThat(page1.contents()).extracting(S3Object::key).containsExactly("a/1", "a/2", "b/1", "c");
        ListObjectsV2Response page2 = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(4)
                .continuationToken(page1.nextContinuationToken()));
        assertThat(page2.isTruncated()).isFalse();
        assertThat(page2.contents()).extracting(S3Object::key).containsExactly("d", "e");

        ListObjectsV2Response after = s3.listObjectsV2(b -> b.bucket(bucket).startAfter("c").fetchOwner(true));
        assertThat(after.contents()).extracting(S3Object::key).containsExactly("d", "e");
        assertThat(after.contents().get(0).owner().id()).isEqualTo(FakeKeyService.ACCOUNT_A);

        List<String> all = s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(2)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(all).containsExactly("a/1", "a/2", "b/1", "c", "d", "e");
    }

    @Test
    void listObjectsV1_andListObjectVersions_seeEveryObjectOnce() {
        String bucket = newBucket("v1");
        for (String k : List.of("x/1", "x/2", "y")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        ListObjectsResponse v1 = s3.listObjects(b -> b.bucket(bucket).delimiter("/"));
        assertThat(v1.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("x/");
        assertThat(v1.contents()).extracting(S3Object::key).containsExactly("y");
        ListObjectsResponse paged = s3.listObjects(b -> b.bucket(bucket).maxKeys(2));
        assertThat(paged.isTruncated()).isTrue();
        ListObjectsResponse rest = s3.listObjects(b -> b.bucket(bucket).marker("x/2"));
        assertThat(rest.contents()).extracting(S3Object::key).containsExactly("y");

        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(versions.versions()).extracting(ObjectVersion::key).containsExactly("x/1", "x/2", "y");
        assertThat(versions.versions()).allSatisfy(v -> {
            assertThat(v.versionId()).isEqualTo("null");
            assertThat(v.isLatest()).isTrue();
        });
    }

    @Test
    void deleteObjects_removesEveryListedKey() {
        String bucket = newBucket("multi-del");
        for (String k : List.of("one", "two", "three")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).bypassGovernanceRetention(true)
                .delete(d -> d.objects(ObjectIdentifier.builder().key("one").build(),
                        ObjectIdentifier.builder().key("two").build(), ObjectIdentifier.builder().key("missing").build())));
        assertThat(r.deleted()).extracting(DeletedObject::key).containsExactly("one", "two", "missing");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("three");
    }

    @Test
    void copyObject_copiesBytesAndMetadata_orReplacesMetadata() {
        String bucket = newBucket("copy");
        s3.putObject(b -> b.bucket(bucket).key("src").contentType("text/plain").metadata(Map.of("a", "1")),
                RequestBody.fromString("copy me"));
        CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(s3.headObject(b -> b.bucket(bucket).key("src")).eTag());
        ResponseBytes<GetObjectResponse> dst = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst"));
        assertThat(dst.asUtf8String()).isEqualTo("copy me");
        assertThat(dst.response().metadata()).containsEntry("a", "1");

        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dst2")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("b", "2")).contentType("application/json"));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(bucket).key("dst2"));
        assertThat(replaced.metadata()).containsOnly(Map.entry("b", "2"));
        assertThat(replaced.contentType()).isEqualTo("application/json");
    }

    @Test
    void multipartUpload_completesWithTheMultipartEtag_andListsPartsAndUploads() {
        String bucket = newBucket("mpu");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big").contentType("application/zip")).uploadId();
        byte[] part1 = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(part1, (byte) 'a');
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(part2)).eTag();

        assertThat(s3.listParts(b -> b.bucket(bucket).key("big").uploadId(uploadId)).parts())
                .extracting(Part::partNumber).containsExactly(1, 2);
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).extracting(MultipartUpload::uploadId)
                .contains(uploadId);

        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));
        assertThat(done.eTag()).endsWith("-2\"");
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("big"));
        assertThat(head.contentLength()).isEqualTo(part1.length + part2.length);
        assertThat(head.contentType()).isEqualTo("application/zip");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big").range("bytes=-4")).asUtf8String()).isEqualTo("tail");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void multipartUpload_withASmallFirstPart_isEntityTooSmall_andAbortForgetsIt() {
        String bucket = newBucket("mpu-small");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("k")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(uploadId).partNumber(1), RequestBody.fromString("a")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key("k").uploadId(uploadId).partNumber(2), RequestBody.fromString("b")).eTag();
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall"));
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(2).eTag(e2).build(),
                        CompletedPart.builder().partNumber(1).eTag(e1).build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPartOrder"));
        assertThatThrownBy(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag("\"0000\"").build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPart"));
        s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(uploadId));
        assertThatThrownBy(() -> s3.listParts(b -> b.bucket(bucket).key("k").uploadId(uploadId)))
                .isInstanceOf(NoSuchUploadException.class);
    }

    @Test
    void uploadPartCopy_copiesARangeOfAnotherObject() {
        String bucket = newBucket("mpu-copy");
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("0123456789"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("dst")).uploadId();
        UploadPartCopyResponse copy = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst").uploadId(uploadId).partNumber(1).copySourceRange("bytes=3-6"));
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("dst").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(copy.copyPartResult().eTag()).build())));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst")).asUtf8String()).isEqualTo("3456");
    }

    @Test
    void bucketCors_putGetDelete() {
        String bucket = newBucket("cors");
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                .allowedOrigins("https://*.example.com").allowedMethods("PUT", "GET").allowedHeaders("*")
                .exposeHeaders("ETag").maxAgeSeconds(600).build())));
        List<CORSRule> rules = s3.getBucketCors(b -> b.bucket(bucket)).corsRules();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).allowedOrigins()).containsExactly("https://*.example.com");
        assertThat(rules.get(0).exposeHeaders()).containsExactly("ETag");
        assertThat(rules.get(0).maxAgeSeconds()).isEqualTo(600);
        s3.deleteBucketCors(b -> b.bucket(bucket));
        assertThatThrownBy(() -> s3.getBucketCors(b -> b.bucket(bucket)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchCORSConfiguration"));
    }

    @Test
    void unusualKeys_roundTripThroughPutListGetAndDelete() {
        String bucket = newBucket("keys");
        String longKey = "k/" + "x".repeat(1022);
        List<String> keys = List.of("with space.txt", "plus+sign", "percent%20literal", "ünïcødé/日本語.txt",
                "runs//of///slashes", "/leading-slash", "tilde~and'quote", longKey);
        for (String k : keys) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("v:" + k));
        }
        for (String k : keys) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(k)).asUtf8String()).as(k).isEqualTo("v:" + k);
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrderElementsOf(keys);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).encodingType(EncodingType.URL)).contents())
                .extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(keys);
        for (String k : keys) {
            s3.deleteObject(b -> b.bucket(bucket).key(k));
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void cannedAcl_privateIsAccepted_andPublicOnesAreRefusedClearly() {
        String bucket = newBucket("acl");
        s3.putObject(b -> b.bucket(bucket).key("private").acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("public").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("AccessControlListNotSupported"));
        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket(S3Clients.bucketName("pub")).acl(BucketCannedACL.PUBLIC_READ_WRITE)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("AccessControlListNotSupported"));
    }

    @Test
    void keyLongerThan1024Bytes_isKeyTooLong() {
        String bucket = newBucket("toolong");
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("x".repeat(1025)), RequestBody.fromString("v")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KeyTooLongError"));
    }

    /** The call fails with 400 InvalidArgument in S3's own error document. */
    private static void assertInvalidArgument(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
        });
    }

    @Test
    void aKeyWithANulCharacter_isInvalidArgument_forPutAndGet() {
        String bucket = newBucket("nul");
        assertInvalidArgument(() -> s3.putObject(b -> b.bucket(bucket).key("a\u0000b"), RequestBody.fromString("v")));
        assertInvalidArgument(() -> s3.getObject(b -> b.bucket(bucket).key("a\u0000b")));
    }

    @Test
    void aNulCharacterInAPrefixOrACopySource_isInvalidArgument() {
        String bucket = newBucket("nulq");
        s3.putObject(b -> b.bucket(bucket).key("ab"), RequestBody.fromString("v"));
        assertInvalidArgument(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix("a\u0000")));
        assertInvalidArgument(() -> s3.listObjectsV2(b -> b.bucket(bucket).startAfter("a\u0000")));
        assertInvalidArgument(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("a\u0000b")
                .destinationBucket(bucket).destinationKey("copy")));
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("a")).keyCount()).isEqualTo(1);
    }
}
