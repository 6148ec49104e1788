package io.edgestorage.presign;

import java.util.regex.Pattern;

/**
 * Which bucket names may be presigned for. The ownership check asks object-service about the name as a
 * URL path segment and the URL is signed for the name as given, so both must be the same bucket: a name
 * with {@code ;} (read as a matrix parameter upstream), {@code /}, {@code %}, NUL or any other character S3
 * forbids is refused before either happens. Only the shape of S3's rules is checked; a name that has the
 * shape but breaks another rule (an IP address, "a..b") cannot have been created, so object-service says 404.
 */
public final class BucketNames {

    private static final Pattern S3_SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private BucketNames() {
    }

    public static boolean hasS3Shape(String name) {
        return name != null && S3_SHAPE.matcher(name).matches();
    }
}
