package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.metadata.CacheSyncMessage.Answer;
import io.edgestorage.objects.metadata.CacheSyncMessage.Barrier;

class CacheSyncMessageTest {

    @Test
    void aBarrier_namesItsWriterAndSequence_andDecodesToItself() {
        Barrier barrier = new Barrier("4711-ab12cd34", 42);

        assertThat(barrier.encode()).isEqualTo("b 4711-ab12cd34 42");
        assertThat(CacheSyncMessage.decode(barrier.encode())).isEqualTo(barrier);
    }

    @Test
    void anAnswer_namesTheReplicaTheWriterAndTheSequence_andDecodesToItself() {
        Answer answer = new Answer("815-ffee0011-3", "4711-ab12cd34", 42);

        assertThat(answer.encode()).isEqualTo("a 815-ffee0011-3 4711-ab12cd34 42");
        assertThat(CacheSyncMessage.decode(answer.encode())).isEqualTo(answer);
    }

    @Test
    void theLongestSequenceAccepted_isEighteenDigits() {
        assertThat(CacheSyncMessage.decode("b w 999999999999999999")).isEqualTo(new Barrier("w", 999_999_999_999_999_999L));
        assertThat(CacheSyncMessage.decode("b w 1000000000000000000")).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "a", "b", "b x", "b x notanumber", "b x -1", "b x +1", "b x 1 2", "a r w",
        "a r w 99999999999999999999", "a r w 1.5", "zz 1 2", "B x 1", "c x 1", "a r w 1 2", "b x 1e3"})
    void anythingElse_isRefused(String payload) {
        assertThat(CacheSyncMessage.decode(payload)).isNull();
    }

    @Test
    void noPayload_isRefused() {
        assertThat(CacheSyncMessage.decode(null)).isNull();
    }
}
