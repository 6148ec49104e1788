package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.metadata.WriteCondition;

/** Conditional requests read from plain header maps: no HTTP server needed. */
class ConditionalsTest {

    private static final String ETAG = "abc";
    /** A Saturday. */
    private static final OffsetDateTime MODIFIED = OffsetDateTime.parse("2026-01-10T12:00:00Z");

    private static Map<String, String> headers(String... nameValues) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.put(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "If-Match | \"abc\" | 200",
        "If-Match | W/\"abc\" | 200",
        "If-Match | \"x\", \"abc\" | 200",
        "If-Match | * | 200",
        "If-Match | \"other\" | 412",
        "If-None-Match | \"abc\" | 304",
        "If-None-Match | * | 304",
        "If-None-Match | \"other\" | 200",
        "If-Modified-Since | Sat, 10 Jan 2026 12:00:00 GMT | 304",
        "If-Modified-Since | Fri, 09 Jan 2026 12:00:00 GMT | 200",
        "If-Modified-Since | 2026-01-11T00:00:00Z | 304",
        "If-Modified-Since | not a date | 200",
        "If-Unmodified-Since | Fri, 09 Jan 2026 12:00:00 GMT | 412",
        "If-Unmodified-Since | Sat, 10 Jan 2026 12:00:00 GMT | 200"})
    void aReadCondition_givesTheStatusS3Answers(String header, String value, int status) {
        assertThat(Conditionals.evaluate(headers(header, value)::get, ETAG, MODIFIED)).isEqualTo(status);
    }

    @Test
    void ifMatch_decidesBeforeIfUnmodifiedSince_andIfNoneMatchBeforeIfModifiedSince() {
        assertThat(Conditionals.evaluate(headers("If-Match", "\"abc\"",
                "If-Unmodified-Since", "Fri, 09 Jan 2026 12:00:00 GMT")::get, ETAG, MODIFIED)).isEqualTo(200);
        assertThat(Conditionals.evaluate(headers("If-None-Match", "\"other\"",
                "If-Modified-Since", "Sat, 10 Jan 2026 12:00:00 GMT")::get, ETAG, MODIFIED)).isEqualTo(200);
    }

    @Test
    void noConditions_proceed() {
        assertThat(Conditionals.evaluate(headers()::get, ETAG, MODIFIED)).isEqualTo(200);
        assertThat(Conditionals.evaluateCopySource(headers()::get, ETAG, MODIFIED)).isEqualTo(200);
        assertThat(Conditionals.writeCondition(headers()::get)).isNull();
    }

    @Test
    void aCopySourceThatWouldBeNotModified_failsThePrecondition() {
        assertThat(Conditionals.evaluateCopySource(headers("x-amz-copy-source-if-none-match", "\"abc\"")::get,
                ETAG, MODIFIED)).isEqualTo(412);
        assertThat(Conditionals.evaluateCopySource(headers("x-amz-copy-source-if-modified-since",
                "Sat, 10 Jan 2026 12:00:00 GMT")::get, ETAG, MODIFIED)).isEqualTo(412);
        assertThat(Conditionals.evaluateCopySource(headers("x-amz-copy-source-if-match", "\"abc\"")::get,
                ETAG, MODIFIED)).isEqualTo(200);
        // the plain If-* headers belong to the destination, not to the source
        assertThat(Conditionals.evaluateCopySource(headers("If-Match", "\"other\"")::get, ETAG, MODIFIED))
                .isEqualTo(200);
    }

    @Test
    void writeConditions_areCreateOnlyOrMatchingEtag() {
        WriteCondition createOnly = Conditionals.writeCondition(headers("If-None-Match", "*")::get);
        assertThat(createOnly.mustBeAbsent()).isTrue();
        WriteCondition matching = Conditionals.writeCondition(headers("If-Match", "\"abc\"")::get);
        assertThat(matching.mustBeAbsent()).isFalse();
        assertThat(matching.acceptsEtag().test("abc")).isTrue();
        assertThat(matching.acceptsEtag().test("other")).isFalse();
    }

    @Test
    void ifNoneMatchEtag_onAWrite_allowsAnAbsentKeyOrAnotherEtag() {
        WriteCondition notThat = Conditionals.writeCondition(headers("If-None-Match", "\"abc\", def")::get);
        assertThat(notThat.mustBeAbsent()).isFalse();
        assertThat(notThat.mayBeAbsent()).isTrue();
        assertThat(notThat.acceptsEtag().test("abc")).isFalse();
        assertThat(notThat.acceptsEtag().test("def")).isFalse();
        assertThat(notThat.acceptsEtag().test("other")).isTrue();
        assertThat(Conditionals.writeCondition(headers("If-Match", "\"abc\"")::get).mayBeAbsent()).isFalse();
    }

    @Test
    void bothWriteConditions_areNotImplemented() {
        assertThatThrownBy(() -> Conditionals.writeCondition(headers("If-None-Match", "*", "If-Match", "\"abc\"")::get))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.NOT_IMPLEMENTED));
    }
}
