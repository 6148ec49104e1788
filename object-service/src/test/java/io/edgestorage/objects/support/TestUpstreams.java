package io.edgestorage.objects.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real S3 upstreams the {@code s3} blob store is tested against, as deploy/local/test.sh names them in
 * {@code EDGE_TEST_<CEPH|S3PROXY>_ENDPOINT|ACCESS_KEY|SECRET_KEY}. A missing variable fails the test: these
 * tests never skip.
 */
public enum TestUpstreams {
    CEPH, S3PROXY;

    public String env(String suffix) {
        String name = "EDGE_TEST_" + name() + "_" + suffix;
        String value = System.getenv(name);
        assertThat(value).as("%s (deploy/local/test.sh starts the upstream and sets it)", name).isNotBlank();
        return value;
    }

    public String endpoint() {
        return env("ENDPOINT");
    }

    public String accessKey() {
        return env("ACCESS_KEY");
    }

    public String secretKey() {
        return env("SECRET_KEY");
    }

    /** An SDK client of the upstream itself, to look behind the store. */
    public S3Client sdk() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                // Ceph 16 and s3proxy predate the SDK's default checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey(), secretKey())))
                .build();
    }

    /** Creates the bucket unless it exists already. */
    public void ensureBucket(String bucket) {
        try (S3Client sdk = sdk()) {
            sdk.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    public List<String> keys(String bucket, String prefix) {
        try (S3Client sdk = sdk()) {
            return sdk.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
        }
    }

    public int pendingUploads(String bucket, String prefix) {
        try (S3Client sdk = sdk()) {
            return sdk.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix)).uploads().size();
        }
    }
}
