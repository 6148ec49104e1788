package io.edgestorage.objects.s3.semantics;

import io.edgestorage.objects.S3Error;

/**
 * Buckets here are never versioned, so every object has the one version id {@code null}. Any other id
 * names a version that cannot exist: S3 refuses it rather than falling back to the current object, and so
 * must we, or {@code DELETE ?versionId=x} would delete the current object.
 */
public final class VersionIds {

    private static final String NULL_VERSION = "null";

    private VersionIds() {
    }

    /** Throws InvalidArgument unless {@code versionId} is absent or {@code null}. */
    public static void requireNullVersion(String versionId) {
        if (versionId != null && !NULL_VERSION.equals(versionId)) {
            throw S3Error.INVALID_ARGUMENT.exception("Invalid version id specified").with("ArgumentName", "versionId")
                    .with("ArgumentValue", versionId);
        }
    }
}
