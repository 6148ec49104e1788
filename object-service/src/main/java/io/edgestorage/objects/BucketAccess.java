package io.edgestorage.objects;

/**
 * Who may read a bucket without signing: nobody ({@link #PRIVATE}, the default), or anyone, for GET/HEAD of its
 * objects and listings ({@link #PUBLIC_READ}). Writes always need a signature of the owner's account.
 */
public enum BucketAccess {
    PRIVATE("private", "none"),
    PUBLIC_READ("public-read", "read");

    private final String cannedAcl;
    private final String edgeName;

    BucketAccess(String cannedAcl, String edgeName) {
        this.cannedAcl = cannedAcl;
        this.edgeName = edgeName;
    }

    /** The S3 canned ACL ({@code x-amz-acl}) and the value of {@code objects.buckets.access}. */
    public String cannedAcl() {
        return cannedAcl;
    }

    /** The Edge API's {@code public} value: {@code none} or {@code read}. */
    public String edgeName() {
        return edgeName;
    }

    /** The setting a canned ACL names, or null for any other ACL (those stay unsupported). */
    public static BucketAccess ofCannedAcl(String acl) {
        for (BucketAccess a : values()) {
            if (a.cannedAcl.equals(acl)) {
                return a;
            }
        }
        return null;
    }

    /** The setting an Edge API {@code public} value names, or null. */
    public static BucketAccess ofEdgeName(String name) {
        for (BucketAccess a : values()) {
            if (a.edgeName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
