package io.edgestorage.objects.s3;

import java.util.List;
import java.util.Locale;

import io.edgestorage.objects.BucketAccess;
import io.edgestorage.objects.S3Error;

/**
 * Request headers that ask for features this store does not have. Ignoring them would tell the client its
 * object is encrypted, locked, tagged or archived when it is not, so each is refused as S3 refuses what it
 * does not support: 501 NotImplemented, or S3's own code where it has one.
 */
final class UnsupportedFeatures {

    private static final List<String> NOT_IMPLEMENTED_PREFIXES = List.of(
            // no server-side encryption of blobs (SSE-S3, SSE-KMS, SSE-C), none of a copy source either
            "x-amz-server-side-encryption", "x-amz-copy-source-server-side-encryption",
            "x-amz-object-lock-", "x-amz-tagging", "x-amz-website-redirect-location");

    private UnsupportedFeatures() {
    }

    /**
     * PutObject, CopyObject and CreateMultipartUpload: ACLs, encryption, object lock, tagging, storage class. An
     * object's {@code x-amz-acl: public-read} passes here and is checked against its bucket by
     * {@link AclOps#refuseObjectAcl}.
     */
    static void refuseForObjectWrite(S3Call call) {
        refuseAcl(call);
        for (String name : call.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_IMPLEMENTED_PREFIXES.stream().anyMatch(lower::startsWith)) {
                throw S3Error.NOT_IMPLEMENTED.exception("The header " + lower + " asks for a feature this store does "
                        + "not implement.");
            }
        }
        String storageClass = call.header("x-amz-storage-class");
        if (storageClass != null && !storageClass.trim().equals("STANDARD")) {
            throw S3Error.INVALID_STORAGE_CLASS.exception().with("StorageClassRequested", storageClass);
        }
    }

    /** CreateBucket: ACLs, object lock. */
    static void refuseForCreateBucket(S3Call call) {
        refuseAcl(call);
        String objectLock = call.header("x-amz-bucket-object-lock-enabled");
        if (objectLock != null && objectLock.trim().equalsIgnoreCase("true")) {
            throw S3Error.NOT_IMPLEMENTED.exception("Object lock is not implemented.");
        }
    }

    /** Only the canned ACLs {@code private} and {@code public-read}: there is no other grantee. */
    private static void refuseAcl(S3Call call) {
        String acl = call.header("x-amz-acl");
        if (acl != null && BucketAccess.ofCannedAcl(acl) == null) {
            throw S3Error.ACL_NOT_SUPPORTED.exception();
        }
        refuseGrantHeaders(call);
    }

    /** {@code x-amz-grant-*}: grants to named grantees, which this store does not have. */
    static void refuseGrantHeaders(S3Call call) {
        for (String grant : List.of("x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-full-control",
                "x-amz-grant-read-acp", "x-amz-grant-write-acp")) {
            if (call.header(grant) != null) {
                throw S3Error.ACL_NOT_SUPPORTED.exception();
            }
        }
    }
}
