package io.edgestorage.objects.metadata;

import java.util.function.Predicate;

/**
 * The precondition of a conditional write (S3's If-None-Match / If-Match on PUT, CopyObject and
 * CompleteMultipartUpload): the key must be absent, or present with an ETag the predicate accepts, or (for
 * {@code If-None-Match: "etag"}) absent or present with an ETag the predicate accepts. It is checked in the
 * transaction that publishes the row, so no concurrent write can slip in between.
 *
 * @param mustBeAbsent {@code If-None-Match: *}
 * @param acceptsEtag  whether the current row's ETag (unquoted) lets the write proceed; null for {@code *}
 * @param mayBeAbsent  whether an absent key lets the write proceed ({@code If-None-Match: "etag"}); for
 *                     {@code If-Match} an absent key is NoSuchKey
 */
public record WriteCondition(boolean mustBeAbsent, Predicate<String> acceptsEtag, boolean mayBeAbsent) {

    public static WriteCondition absent() {
        return new WriteCondition(true, null, true);
    }

    /** {@code If-Match}: the key holds an object whose ETag the predicate accepts. */
    public static WriteCondition matching(Predicate<String> acceptsEtag) {
        return new WriteCondition(false, acceptsEtag, false);
    }

    /** {@code If-None-Match: "etag"}: the key is absent, or its object's ETag is not one the predicate names. */
    public static WriteCondition notMatching(Predicate<String> namesEtag) {
        return new WriteCondition(false, namesEtag.negate(), true);
    }
}
