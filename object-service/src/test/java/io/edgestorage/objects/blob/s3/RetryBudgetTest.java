package io.edgestorage.objects.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    @Test
    void aBurstIsAllowed_thenRetriesAreATenthOfTheRequests() {
        RetryBudget budget = new RetryBudget(0.1, 3);
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).as("the burst is spent").isFalse();
        for (int i = 0; i < 9; i++) {
            budget.onRequest();
        }
        assertThat(budget.tryRetry()).as("nine requests earn less than one retry").isFalse();
        budget.onRequest();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void savingsAreCapped_atTheBurst() {
        RetryBudget budget = new RetryBudget(0.5, 2);
        for (int i = 0; i < 1000; i++) {
            budget.onRequest();
        }
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }
}
