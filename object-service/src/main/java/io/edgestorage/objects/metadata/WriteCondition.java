package io.edgestorage.objects.metadata;

import java.util.function.Predicate;

/**
 * The precondition of a conditional write (S3's If-None-Match / If-Match on PUT, CopyObject and
 * CompleteMultipartUpload): the key must be absent, or present with an ETag the predicate accepts. It is
 * checked in the transaction that publishes the row, so no concurrent write can slip in between.
 *
 * @param mustBeAbsent {@code If-None-Match: *}
 * @param acceptsEtag  for {@code If-Match}: whether the current row's ETag (unquoted) matches; null otherwise
 */
public record WriteCondition(boolean mustBeAbsent, Predicate<String> acceptsEtag) {

    public static WriteCondition absent() {
        return new WriteCondition(true, null);
    }

    public static WriteCondition matching(Predicate<String> acceptsEtag) {
        return new WriteCondition(false, acceptsEtag);
    }
}
