package io.edgestorage.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class S3ResponsesTest {

    @Test
    void httpDate_isImfFixdateInGmt_withTwoDigitDay() {
        OffsetDateTime time = OffsetDateTime.of(1994, 11, 6, 9, 49, 37, 500_000_000, ZoneOffset.ofHours(1));
        assertThat(S3Responses.httpDate(time)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
