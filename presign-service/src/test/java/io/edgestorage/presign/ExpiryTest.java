package io.edgestorage.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryTest {

    @ParameterizedTest(name = "{0} → {1} s")
    @CsvSource({
        "90s,     90",
        "1s,      1",
        "15m,     900",
        "1h,      3600",
        "2h30m,   9000",
        "1d,      86400",
        "7d,      604800",
        "6d23h59m59s, 604799",
        "1h30s,   3630",
        "0h15m,   900",
        "168h,    604800",
        "604800s, 604800",
        "010m,    600",
    })
    void validLifetimes_parseToSeconds(String text, long seconds) {
        assertThat(Expiry.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void absentLifetime_isOneHour() {
        assertThat(Expiry.parse(null)).isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({
        "'',            MALFORMED",
        "' ',           MALFORMED",
        "15,            MALFORMED",
        "m,             MALFORMED",
        "15x,           MALFORMED",
        "15M,           MALFORMED",
        "1.5h,          MALFORMED",
        "1h 30m,        MALFORMED",
        "' 1h',         MALFORMED",
        "'1h ',         MALFORMED",
        "' 15m ',       MALFORMED",
        "30m2h,         MALFORMED",
        "1h1h,          MALFORMED",
        "+1h,           MALFORMED",
        "-,             MALFORMED",
        "-x,            MALFORMED",
        "PT1H,          MALFORMED",
        "1w,            MALFORMED",
        "1234567890s,   MALFORMED",
        "0s,            NOT_POSITIVE",
        "0d0h0m0s,      NOT_POSITIVE",
        "-1h,           NOT_POSITIVE",
        "-15m,          NOT_POSITIVE",
        "7d1s,          TOO_LONG",
        "8d,            TOO_LONG",
        "604801s,       TOO_LONG",
        "999999999d,    TOO_LONG",
    })
    void invalidLifetimes_areRefusedWithTheirReason(String text, Expiry.Failure failure) {
        assertThatThrownBy(() -> Expiry.parse(text)).isInstanceOfSatisfying(Expiry.InvalidExpiry.class,
                e -> assertThat(e.failure()).isEqualTo(failure));
    }
}
