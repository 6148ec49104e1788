package io.edgestorage.objects.s3;

import io.edgestorage.objects.S3Error;

/**
 * Buckets here are never versioned, so every object has the one version id {@code null}. Any other id
 * names a version that cannot exist: S3 refuses it rather than falling back to the current object, and so
 * must we, or {@code DELETE ?versionId=x} would delete the current object.
 */
final class VersionIds {

    static final String NULL_VERSION = "null";

    private VersionIds() {
    }

    /** Throws InvalidArgument unless {@code versionId} is absent or {@code null}. */
    static void requireNullVersion(String versionId) {
        if (versionId != null && !NULL_VERSION.equals(versionId)) {
            throw S3Error.INVALID_ARGUMENT.exception("Invalid version id specified").with("ArgumentName", "versionId")
                    .with("ArgumentValue", versionId);
        }
    }

    /** The {@code versionId} query parameter of the request, checked. */
    static void requireNullVersion(S3Call call) {
        if (call.has("versionId")) {
            requireNullVersion(call.param("versionId"));
        }
    }
}
