package io.edgestorage.objects;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

/**
 * Public-read buckets: the canned ACLs private and public-read (CreateBucket, Put/GetBucketAcl) and the Edge
 * switch behind the internal API; unsigned reads of a public-read bucket, and every unsigned write refused.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class PublicReadBucketTest {

    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    final S3Client s3 = S3Clients.accountA();

    private String publicBucket(String hint) {
        String bucket = S3Clients.bucketName(hint);
        s3.createBucket(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
        s3.putObject(b -> b.bucket(bucket).key("foo").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("0123456789"));
        return bucket;
    }

    private static String errorCode(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void anonymousReads_ofAPublicReadBucket_getObjectsRangesConditionalsAndListings() {
        String bucket = publicBucket("pubread");
        given().when().get("/" + bucket + "/foo").then().statusCode(200).body(equalTo("0123456789"));
        given().when().head("/" + bucket + "/foo").then().statusCode(200).header("Content-Length", "10");
        given().header("Range", "bytes=2-4").when().get("/" + bucket + "/foo").then().statusCode(206).body(equalTo("234"));
        String etag = s3.headObject(b -> b.bucket(bucket).key("foo")).eTag();
        given().header("If-None-Match", etag).when().get("/" + bucket + "/foo").then().statusCode(304);
        given().when().get("/" + bucket + "/missing").then().statusCode(404).body(containsString("<Code>NoSuchKey</Code>"));
        given().when().get("/" + bucket).then().statusCode(200).body(containsString("<Key>foo</Key>"))
                .body(containsString("<ID>" + FakeKeyService.ACCOUNT_A + "</ID>"));
        given().queryParam("list-type", "2").when().get("/" + bucket).then().statusCode(200)
                .body(containsString("<KeyCount>1</KeyCount>"));
        given().when().head("/" + bucket).then().statusCode(200);
        // another account's signed reads are reads too, as S3's AllUsers grant allows
        assertThat(S3Clients.accountB().getObjectAsBytes(b -> b.bucket(bucket).key("foo")).asUtf8String())
                .isEqualTo("0123456789");
        given().queryParam("response-content-type", "text/html").when().get("/" + bucket + "/foo").then()
                .statusCode(400).body(containsString("<Code>InvalidRequest</Code>"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"PUT, /foo", "PUT, /new", "DELETE, /foo", "POST, /foo?uploads", "POST, ?delete", "PUT, ?acl",
            "GET, ?acl", "GET, /foo?acl", "PUT, ?cors", "GET, ?cors", "DELETE, ?cors", "DELETE, ''", "PUT, ''",
            "GET, ?uploads", "GET, ?location", "GET, /foo?uploadId=abc", "GET, ?versions", "GET, /foo?tagging"})
    void anonymousWritesAndOwnerOnlyReads_ofAPublicReadBucket_areAccessDenied(String method, String path) {
        String bucket = publicBucket("pubdeny");
        given().header("x-amz-acl", "public-read").body("x").when().request(method, "/" + bucket + path).then()
                .statusCode(403).body(containsString("<Code>AccessDenied</Code>"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("foo")).asUtf8String()).isEqualTo("0123456789");
        assertThat(s3.getBucketAcl(b -> b.bucket(bucket)).grants()).hasSize(2);
    }

    @Test
    void anonymousRequests_toAPrivateBucket_areAccessDenied_andToAMissingOne_NoSuchBucket() {
        String bucket = S3Clients.bucketWithObject(s3, "pubpriv", "foo", "x");
        given().when().get("/" + bucket + "/foo").then().statusCode(403).body(containsString("<Code>AccessDenied</Code>"));
        given().when().get("/" + bucket).then().statusCode(403).body(containsString("<Code>AccessDenied</Code>"));
        String missing = S3Clients.bucketName("gone");
        given().when().get("/" + missing + "/foo").then().statusCode(404).body(containsString("<Code>NoSuchBucket</Code>"));
        given().when().delete("/" + missing + "/foo").then().statusCode(404).body(containsString("<Code>NoSuchBucket</Code>"));
        given().when().get("/").then().statusCode(403).body(containsString("<Code>AccessDenied</Code>"));
    }

    @Test
    void getBucketAcl_answersWhatIsSet_andASwitchToPrivate_closesAnonymousReadsAtOnce() {
        String bucket = S3Clients.bucketWithObject(s3, "pubacl", "foo", "x");
        GetBucketAclResponse initial = s3.getBucketAcl(b -> b.bucket(bucket));
        assertThat(initial.owner().id()).isEqualTo(FakeKeyService.ACCOUNT_A);
        assertThat(initial.grants()).singleElement().satisfies(g -> {
            assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL);
            assertThat(g.grantee().type()).isEqualTo(Type.CANONICAL_USER);
            assertThat(g.grantee().id()).isEqualTo(FakeKeyService.ACCOUNT_A);
        });

        s3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
        assertThat(s3.getBucketAcl(b -> b.bucket(bucket)).grants()).hasSize(2).first().satisfies(g -> {
            assertThat(g.permission()).isEqualTo(Permission.READ);
            assertThat(g.grantee().type()).isEqualTo(Type.GROUP);
            assertThat(g.grantee().uri()).isEqualTo(ALL_USERS);
        });
        for (int i = 0; i < 3; i++) {
            given().when().get("/" + bucket + "/foo").then().statusCode(200).body(equalTo("x"));
        }
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("foo")).grants()).hasSize(2);

        s3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PRIVATE));
        given().when().get("/" + bucket + "/foo").then().statusCode(403);
        assertThat(s3.getBucketAcl(b -> b.bucket(bucket)).grants()).hasSize(1);
    }

    @Test
    void putBucketAcl_withTheEquivalentDocument_isAccepted_andEveryOtherAclRefused() {
        String bucket = S3Clients.bucketWithObject(s3, "pubdoc", "foo", "x");
        Grant owner = Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(FakeKeyService.ACCOUNT_A)
                .build()).permission(Permission.FULL_CONTROL).build();
        Grant allUsersRead = Grant.builder().grantee(Grantee.builder().type(Type.GROUP).uri(ALL_USERS).build())
                .permission(Permission.READ).build();
        Grant allUsersWrite = allUsersRead.toBuilder().permission(Permission.WRITE).build();
        s3.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(p -> p.owner(o -> o.id(FakeKeyService.ACCOUNT_A))
                .grants(allUsersRead, owner)));
        given().when().get("/" + bucket + "/foo").then().statusCode(200);
        s3.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(p -> p.grants(owner)));
        given().when().get("/" + bucket + "/foo").then().statusCode(403);

        assertThat(errorCode(() -> s3.putBucketAcl(b -> b.bucket(bucket).accessControlPolicy(p -> p.grants(owner,
                allUsersWrite))))).isEqualTo("AccessControlListNotSupported");
        assertThat(errorCode(() -> s3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ_WRITE))))
                .isEqualTo("AccessControlListNotSupported");
        assertThat(errorCode(() -> s3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.AUTHENTICATED_READ))))
                .isEqualTo("AccessControlListNotSupported");
        assertThat(errorCode(() -> s3.putBucketAcl(b -> b.bucket(bucket).grantRead("uri=" + ALL_USERS))))
                .isEqualTo("AccessControlListNotSupported");
        assertThat(errorCode(() -> S3Clients.accountB().putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ))))
                .isEqualTo("AccessDenied");
        assertThat(s3.getBucketAcl(b -> b.bucket(bucket)).grants()).hasSize(1);
    }

    @Test
    void objectAcls_arePrivate_orPublicReadInAPublicReadBucketOnly() {
        String bucket = S3Clients.bucketWithObject(s3, "pubobj", "foo", "x");
        s3.putObjectAcl(b -> b.bucket(bucket).key("foo").acl(ObjectCannedACL.PRIVATE));
        assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("foo")).grants()).singleElement()
                .satisfies(g -> assertThat(g.permission()).isEqualTo(Permission.FULL_CONTROL));
        assertThat(errorCode(() -> s3.putObjectAcl(b -> b.bucket(bucket).key("foo").acl(ObjectCannedACL.PUBLIC_READ))))
                .isEqualTo("AccessControlListNotSupported");
        assertThat(errorCode(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").acl(ObjectCannedACL.PUBLIC_READ))))
                .isEqualTo("AccessControlListNotSupported");
        assertThat(errorCode(() -> s3.putObjectAcl(b -> b.bucket(bucket).key("none").acl(ObjectCannedACL.PRIVATE))))
                .isEqualTo("NoSuchKey");
        s3.putBucketAcl(b -> b.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ));
        s3.putObjectAcl(b -> b.bucket(bucket).key("foo").acl(ObjectCannedACL.PUBLIC_READ));
    }

    @Test
    void theInternalAccessRoute_switchesAnonymousReads_andRefusesBadBodies() {
        String bucket = S3Clients.bucketWithObject(s3, "pubapi", "foo", "x");
        String path = "/internal/v1/buckets/" + bucket + "/access";
        java.util.function.Supplier<io.restassured.specification.RequestSpecification> gateway = () -> InternalApi
                .as(InternalCaller.API_GATEWAY).header("X-Edge-Account", FakeKeyService.ACCOUNT_A)
                .contentType("application/json");
        gateway.get().when().get(path).then().statusCode(200).body("public", equalTo("none"));
        gateway.get().body("{\"public\":\"read\"}").when().put(path).then().statusCode(200).body("public", equalTo("read"));
        given().when().get("/" + bucket + "/foo").then().statusCode(200);
        gateway.get().body("{\"public\":\"none\"}").when().put(path).then().statusCode(200).body("public", equalTo("none"));
        given().when().get("/" + bucket + "/foo").then().statusCode(403);

        for (String bad : new String[] {"{\"public\":\"write\"}", "{}", "{\"public\":true}", "{\"public\":\"read\",\"x\":1}"}) {
            gateway.get().body(bad).when().put(path).then().statusCode(400).contentType("application/problem+json");
        }
        InternalApi.as(InternalCaller.API_GATEWAY).header("X-Edge-Account", FakeKeyService.ACCOUNT_B)
                .contentType("application/json").body("{\"public\":\"read\"}").when().put(path).then().statusCode(404)
                .body("code", equalTo("no-such-bucket"));
        InternalApi.as(InternalCaller.PRESIGN_SERVICE).header("X-Edge-Account", FakeKeyService.ACCOUNT_A)
                .when().get(path).then().statusCode(403);
    }
}
