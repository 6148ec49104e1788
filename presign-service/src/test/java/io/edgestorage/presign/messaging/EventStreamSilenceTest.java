package io.edgestorage.presign.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.edgestorage.presign.messaging.EventStreamSilence.Check;

class EventStreamSilenceTest {

    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private final EventStreamSilence silence = new EventStreamSilence(Duration.ofSeconds(10), T0);

    @Test
    void heartbeatsWithinMaxSilence_keepTheCacheTrusted() {
        for (int s = 2; s <= 60; s += 2) {
            silence.heard(T0.plusSeconds(s));
            assertThat(silence.check(T0.plusSeconds(s + 1))).isEqualTo(Check.ALIVE);
        }
    }

    @Test
    void silenceLongerThanMaxSilence_distrustsTheCache_atEveryCheck_untilAnEventArrives() {
        silence.heard(T0.plusSeconds(2));
        assertThat(silence.check(T0.plusSeconds(12))).isEqualTo(Check.ALIVE);
        assertThat(silence.check(T0.plusSeconds(13))).isEqualTo(Check.FELL_SILENT);
        assertThat(silence.check(T0.plusSeconds(14))).isEqualTo(Check.STILL_SILENT);
        assertThat(Check.FELL_SILENT.distrustCache()).isTrue();
        assertThat(Check.STILL_SILENT.distrustCache()).isTrue();

        silence.heard(T0.plusSeconds(15));
        assertThat(silence.check(T0.plusSeconds(15))).isEqualTo(Check.SPEAKS_AGAIN);
        assertThat(Check.SPEAKS_AGAIN.distrustCache()).isFalse();
        assertThat(silence.check(T0.plusSeconds(16))).isEqualTo(Check.ALIVE);
    }

    @Test
    void aServiceThatNeverHearsAnything_fallsSilentMaxSilenceAfterStarting() {
        assertThat(silence.check(T0.plusSeconds(10))).isEqualTo(Check.ALIVE);
        assertThat(silence.check(T0.plusSeconds(11))).isEqualTo(Check.FELL_SILENT);
    }

    @Test
    void anOlderStampThanTheLastOne_isIgnored() {
        silence.heard(T0.plusSeconds(9));
        silence.heard(T0.plusSeconds(1));
        assertThat(silence.check(T0.plusSeconds(18))).isEqualTo(Check.ALIVE);
    }
}
