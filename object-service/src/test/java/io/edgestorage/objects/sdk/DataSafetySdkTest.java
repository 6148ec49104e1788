package io.edgestorage.objects.sdk;

import static io.edgestorage.objects.support.SdkErrors.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/** Requests an SDK user can send that must never lose or replace data they did not mean to. */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class DataSafetySdkTest {

    static S3Client s3;
    static String bucket;

    @BeforeAll
    static void bucket() {
        s3 = S3Clients.accountA();
        bucket = S3Clients.bucketName("safety");
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static String content(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void aVersionIdOtherThanNull_isInvalidArgument_andDeletesNothing() {
        s3.putObject(b -> b.bucket(bucket).key("versioned"), RequestBody.fromString("keep me"));

        assertS3Error(() -> s3.getObject(b -> b.bucket(bucket).key("versioned").versionId("bogus")), 400, "InvalidArgument");
        assertS3Error(() -> s3.headObject(b -> b.bucket(bucket).key("versioned").versionId("bogus")), 400, "InvalidArgument");
        assertS3Error(() -> s3.deleteObject(b -> b.bucket(bucket).key("versioned").versionId("bogus")), 400, "InvalidArgument");
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("versioned").sourceVersionId("bogus")
                .destinationBucket(bucket).destinationKey("copy")), 400, "InvalidArgument");
        DeleteObjectsResponse many = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("versioned").versionId("bogus").build())));
        assertThat(many.deleted()).isEmpty();
        assertThat(many.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("versioned");
            assertThat(e.code()).isEqualTo("InvalidArgument");
            assertThat(e.message()).isEqualTo("Invalid version id specified");
        });

        assertThat(content("versioned")).isEqualTo("keep me");
    }

    @Test
    void theNullVersionId_isTheCurrentObject() {
        s3.putObject(b -> b.bucket(bucket).key("null-version"), RequestBody.fromString("current"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("null-version").versionId("null")).asUtf8String())
                .isEqualTo("current");
        s3.headObject(b -> b.bucket(bucket).key("null-version").versionId("null"));
        s3.deleteObject(b -> b.bucket(bucket).key("null-version").versionId("null"));
        assertS3Error(() -> content("null-version"), 404, "NoSuchKey");

        s3.putObject(b -> b.bucket(bucket).key("null-version"), RequestBody.fromString("again"));
        DeleteObjectsResponse many = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("null-version").versionId("null").build())));
        assertThat(many.deleted()).extracting(d -> d.key()).containsExactly("null-version");
        assertThat(many.errors()).isEmpty();
    }

    @Test
    void putIfNoneMatch_createsOnlyWhenTheKeyIsAbsent() {
        s3.putObject(b -> b.bucket(bucket).key("create-once").ifNoneMatch("*"), RequestBody.fromString("first"));
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("create-once").ifNoneMatch("*"),
                RequestBody.fromString("second")), 412, "PreconditionFailed");
        assertThat(content("create-once")).isEqualTo("first");
    }

    /** If-None-Match with an ETag (Ceph RGW's reading; S3 takes only '*'): anything but the version named. */
    @Test
    void putIfNoneMatchEtag_writesUnlessTheCurrentObjectHasThatEtag() {
        String etag = s3.putObject(b -> b.bucket(bucket).key("not-that"), RequestBody.fromString("bar")).eTag();
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("not-that").ifNoneMatch(etag),
                RequestBody.fromString("zar")), 412, "PreconditionFailed");
        // unquoted, as s3-tests sends it
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("not-that").ifNoneMatch(etag.replace("\"", "")),
                RequestBody.fromString("zar")), 412, "PreconditionFailed");
        assertThat(content("not-that")).isEqualTo("bar");
        s3.putObject(b -> b.bucket(bucket).key("not-that").ifNoneMatch("ABCORZ"), RequestBody.fromString("zar"));
        assertThat(content("not-that")).isEqualTo("zar");
        s3.putObject(b -> b.bucket(bucket).key("absent-before").ifNoneMatch("\"abc\""), RequestBody.fromString("new"));
        assertThat(content("absent-before")).isEqualTo("new");
    }

    @Test
    void putIfMatch_replacesOnlyTheVersionNamed() {
        String etag = s3.putObject(b -> b.bucket(bucket).key("replace"), RequestBody.fromString("v1")).eTag();
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("replace").ifMatch("\"nomatch\""),
                RequestBody.fromString("v2")), 412, "PreconditionFailed");
        assertThat(content("replace")).isEqualTo("v1");
        s3.putObject(b -> b.bucket(bucket).key("replace").ifMatch(etag), RequestBody.fromString("v2"));
        assertThat(content("replace")).isEqualTo("v2");
        assertS3Error(() -> s3.putObject(b -> b.bucket(bucket).key("absent").ifMatch(etag), RequestBody.fromString("v1")),
                404, "NoSuchKey");
    }

    @Test
    void copyIfNoneMatch_doesNotOverwriteTheDestination() {
        s3.putObject(b -> b.bucket(bucket).key("copy-src"), RequestBody.fromString("source"));
        s3.putObject(b -> b.bucket(bucket).key("copy-dst"), RequestBody.fromString("destination"));
        assertS3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("copy-src").destinationBucket(bucket)
                .destinationKey("copy-dst").ifNoneMatch("*")), 412, "PreconditionFailed");
        assertThat(content("copy-dst")).isEqualTo("destination");
    }

    @Test
    void completeMultipartUpload_ifNoneMatch_keepsTheExistingObject_andTheUpload() {
        s3.putObject(b -> b.bucket(bucket).key("mpu-once"), RequestBody.fromString("existing"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mpu-once")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("mpu-once").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part")).eTag();
        CompletedPart part = CompletedPart.builder().partNumber(1).eTag(etag).build();
        assertS3Error(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("mpu-once").uploadId(uploadId)
                .ifNoneMatch("*").multipartUpload(m -> m.parts(part))), 412, "PreconditionFailed");
        assertThat(content("mpu-once")).isEqualTo("existing");
        // the upload is still there: completing without the condition works
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mpu-once").uploadId(uploadId)
                .multipartUpload(m -> m.parts(part)));
        assertThat(content("mpu-once")).isEqualTo("part");
    }
}
