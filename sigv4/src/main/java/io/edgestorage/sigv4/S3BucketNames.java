package io.edgestorage.sigv4;

import java.util.regex.Pattern;

/**
 * S3's bucket naming rules, shared by whoever signs for a bucket and whoever serves it: a name that breaks
 * them never reaches a URL or a statement.
 */
public final class S3BucketNames {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private S3BucketNames() {
    }

    /** Why the name breaks S3's rules (S3's own wording), or null when it keeps them. */
    public static String problem(String name) {
        if (name == null || name.length() < 3 || name.length() > 63) {
            return "Bucket names must be between 3 and 63 characters long.";
        }
        if (!SHAPE.matcher(name).matches()) {
            return "Bucket names can consist only of lowercase letters, numbers, dots and hyphens, and must begin and end with a letter or number.";
        }
        if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
            return "Bucket names must not contain two adjacent periods or a period next to a hyphen.";
        }
        if (IP.matcher(name).matches()) {
            return "Bucket names must not be formatted as an IP address.";
        }
        if (name.startsWith("xn--") || name.startsWith("sthree-") || name.endsWith("-s3alias")
                || name.endsWith("--ol-s3")) {
            return "Bucket names must not use a reserved prefix or suffix.";
        }
        return null;
    }
}
