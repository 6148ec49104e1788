package io.edgestorage.objects.s3;

import jakarta.enterprise.context.ApplicationScoped;

import io.edgestorage.common.internal.PublicPortRefusal;
import io.edgestorage.objects.S3Error;
import io.vertx.ext.web.RoutingContext;

/**
 * On the S3 port, {@code /internal/**} and {@code /q/**} are path-style requests for objects in buckets nobody
 * can have ({@code internal} is reserved, {@code q} too short), so they get S3's own answer: 404 NoSuchBucket in
 * S3 XML. {@code /internal} and {@code /q} themselves serve nothing internal: they stay bucket requests for the
 * S3 router (CreateBucket {@code internal} is InvalidBucketName, as for any name S3 refuses).
 */
@ApplicationScoped
public class PublicPortS3Refusal implements PublicPortRefusal {

    @Override
    public void refuse(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.equals("/internal") || path.equals("/q")) {
            rc.next();
            return;
        }
        rc.request().pause();
        S3Responses.error(S3Call.unaddressed(rc), S3Error.NO_SUCH_BUCKET.exception());
    }
}
