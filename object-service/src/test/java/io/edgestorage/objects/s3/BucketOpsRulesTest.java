package io.edgestorage.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;

class BucketOpsRulesTest {

    @Test
    void maxBuckets_isOneToTenThousand_orUnboundedWhenAbsent() {
        assertThat(BucketOps.maxBuckets(null)).isEqualTo(Integer.MAX_VALUE);
        assertThat(BucketOps.maxBuckets("1")).isEqualTo(1);
        assertThat(BucketOps.maxBuckets("10000")).isEqualTo(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "10001", "ten", "", " 5", "99999999999"})
    void maxBuckets_outOfRangeOrNotANumber_isInvalidArgument(String value) {
        assertThatThrownBy(() -> BucketOps.maxBuckets(value)).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT);
            assertThat(e.extra()).containsEntry("ArgumentName", "max-buckets");
        });
    }

    @Test
    void recreatingAnOwnedBucket_succeedsOnlyInUsEast1() {
        assertThat(BucketOps.recreatingOwnedBucketSucceeds("us-east-1")).isTrue();
        assertThat(BucketOps.recreatingOwnedBucketSucceeds("eu-west-1")).isFalse();
    }
}
