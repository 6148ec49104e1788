package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.edgestorage.sigv4.Verification.Rejected;

class ParseStepTest {

    @Test
    void aStepWithAValue_isNotRejected_andYieldsIt() {
        ParseStep<String> step = ParseStep.of("value");

        assertThat(step.isRejected()).isFalse();
        assertThat(step.value()).isEqualTo("value");
        assertThat(step.rejection()).isNull();
    }

    @Test
    void aRejectedStep_carriesItsRejection_andHasNoValue() {
        ParseStep<String> step = ParseStep.rejected(AuthFailure.MALFORMED_QUERY, "X-Amz-Date is given more than once");

        assertThat(step.isRejected()).isTrue();
        assertThat(step.rejection()).isEqualTo(Rejected.of(AuthFailure.MALFORMED_QUERY, "X-Amz-Date is given more than once"));
        assertThatThrownBy(step::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("MALFORMED_QUERY");
    }

    @Test
    void aRejectionWithoutMessage_hasTheFailuresDefaultMessage() {
        assertThat(ParseStep.rejected(AuthFailure.EXPIRED).rejection().message())
                .isEqualTo(AuthFailure.EXPIRED.message());
    }

    @Test
    void nullIsNeitherAValueNorARejection() {
        assertThatThrownBy(() -> ParseStep.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ParseStep.rejected((Rejected) null)).isInstanceOf(NullPointerException.class);
    }
}
