package io.edgestorage.objects.s3.semantics;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.metadata.WriteCondition;

/**
 * HTTP conditional requests (RFC 9110 order, as S3 evaluates them). Headers are read through
 * {@code headers} (a request header by name, null when absent), so the rules need no HTTP types.
 */
public final class Conditionals {

    private Conditionals() {
    }

    /** 200 to proceed, 304 not modified, 412 precondition failed. */
    public static int evaluate(Function<String, String> headers, String etag, OffsetDateTime lastModified) {
        return evaluate(headers.apply("If-Match"), headers.apply("If-None-Match"), headers.apply("If-Modified-Since"),
                headers.apply("If-Unmodified-Since"), etag, lastModified, true);
    }

    /**
     * The precondition of a write (PutObject, CopyObject, CompleteMultipartUpload), null when there is none.
     * {@code If-None-Match: *} (create only), {@code If-Match} (replace only that version), and
     * {@code If-None-Match: "etag"} (anything but that version: 412 when the current object has that ETag, as
     * Ceph RGW answers it; S3 itself takes only {@code *}). ETags match quoted or not, as on reads.
     */
    public static WriteCondition writeCondition(Function<String, String> headers) {
        String ifMatch = headers.apply("If-Match");
        String ifNoneMatch = headers.apply("If-None-Match");
        if (ifMatch != null && ifNoneMatch != null) {
            throw S3Error.NOT_IMPLEMENTED.exception("A write takes either If-Match or If-None-Match, not both.");
        }
        if (ifNoneMatch != null) {
            return ifNoneMatch.trim().equals("*") ? WriteCondition.absent()
                    : WriteCondition.notMatching(etag -> etagMatches(ifNoneMatch, etag));
        }
        return ifMatch == null ? null : WriteCondition.matching(etag -> etagMatches(ifMatch, etag));
    }

    /** The {@code x-amz-copy-source-if-*} headers against the source: 200 to proceed, 412 otherwise (not modified included). */
    public static int evaluateCopySource(Function<String, String> headers, String etag, OffsetDateTime lastModified) {
        int r = evaluate(headers.apply("x-amz-copy-source-if-match"), headers.apply("x-amz-copy-source-if-none-match"),
                headers.apply("x-amz-copy-source-if-modified-since"), headers.apply("x-amz-copy-source-if-unmodified-since"),
                etag, lastModified, false);
        return r == 304 ? 412 : r;
    }

    private static int evaluate(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
            String etag, OffsetDateTime lastModified, boolean readRequest) {
        long modifiedSecond = lastModified.toEpochSecond();
        if (ifMatch != null) {
            if (!etagMatches(ifMatch, etag)) {
                return 412;
            }
        } else if (ifUnmodifiedSince != null) {
            OffsetDateTime t = parseDate(ifUnmodifiedSince);
            if (t != null && modifiedSecond > t.toEpochSecond()) {
                return 412;
            }
        }
        if (ifNoneMatch != null) {
            if (etagMatches(ifNoneMatch, etag)) {
                return readRequest ? 304 : 412;
            }
        } else if (ifModifiedSince != null) {
            OffsetDateTime t = parseDate(ifModifiedSince);
            if (t != null && modifiedSecond <= t.toEpochSecond()) {
                return 304;
            }
        }
        return 200;
    }

    private static boolean etagMatches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.replace("\"", "").equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static OffsetDateTime parseDate(String text) {
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime()
                    .withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text.trim());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
