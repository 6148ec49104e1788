package io.edgestorage.objects.blob;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DelayedDeletesTest {

    private final DelayedDeletes deletes = new DelayedDeletes(1_000);

    @Test
    void nothingIsDue_beforeItsGracePeriodIsOver() {
        deletes.add("a", 0);
        assertThat(deletes.takeDue(999)).isEmpty();
    }

    @Test
    void whatIsDue_isTakenOnce_inTheOrderItWasAdded_andTheRestWaits() {
        deletes.add("a", 0);
        deletes.add("b", 10);
        deletes.add("c", 500);

        assertThat(deletes.takeDue(1_010)).containsExactly("a", "b");
        assertThat(deletes.takeDue(1_010)).isEmpty();
        assertThat(deletes.takeDue(1_500)).containsExactly("c");
    }

    @Test
    void dueTimes_surviveTheNanoTimeCounterWrappingAround() {
        deletes.add("a", Long.MAX_VALUE - 100);
        assertThat(deletes.takeDue(Long.MAX_VALUE)).isEmpty();
        assertThat(deletes.takeDue(Long.MIN_VALUE + 900)).containsExactly("a");
    }
}
