package io.edgestorage.objects;

import io.edgestorage.sigv4.S3BucketNames;

/** S3's bucket naming rules ({@link S3BucketNames}) plus our reserved name {@code internal}. */
public final class BucketNames {

    private BucketNames() {
    }

    /** Why the name is invalid, or null when it is valid. */
    public static String problem(String name) {
        String s3Problem = S3BucketNames.problem(name);
        if (s3Problem != null) {
            return s3Problem;
        }
        if (name.equals("internal")) {
            return "The bucket name 'internal' is reserved.";
        }
        return null;
    }
}
