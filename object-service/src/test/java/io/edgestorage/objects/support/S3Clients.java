package io.edgestorage.objects.support;

import java.net.URI;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** AWS SDK for Java v2 clients at their default settings, pointed at the test instance. */
public final class S3Clients {

    private S3Clients() {
    }

    public static URI endpoint() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return URI.create("http://localhost:" + port);
    }

    public static S3Client client(String accessKeyId, String secret) {
        return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public static S3Client accountA() {
        return client(FakeKeyService.KEY_A, FakeKeyService.SECRET_A);
    }

    public static S3Client accountB() {
        return client(FakeKeyService.KEY_B, FakeKeyService.SECRET_B);
    }

    public static S3Presigner presigner(String accessKeyId, String secret) {
        return S3Presigner.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .build();
    }

    /** A new bucket (named after {@code hint}) holding one object with these bytes; returns its name. */
    public static String bucketWithObject(S3Client s3, String hint, String key, String body) {
        String bucket = bucketName(hint);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
        return bucket;
    }

    public static String bucketName(String hint) {
        return (hint + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
    }
}
