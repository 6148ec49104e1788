package io.edgestorage.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.edgestorage.common.problem.ProblemException;

class PresignValidatorTest {

    @Test
    void minimalRequest_isADownloadForOneHourWithTheActiveKey() {
        PresignSpec spec = PresignValidator.validate("a", null, null, null, null, null);
        assertThat(spec).isEqualTo(new PresignSpec("a", Action.DOWNLOAD, Duration.ofHours(1), null, null, null));
    }

    @Test
    void actionNames_ignoreCase() {
        assertThat(PresignValidator.validate("a", "UPLOAD", "90s", "text/plain", null, "AKIA1").action())
                .isEqualTo(Action.UPLOAD);
    }

    @Test
    void controlCharactersInKey_areRefused() {
        assertThatThrownBy(() -> PresignValidator.validate("a\u0000b", null, null, null, null, null))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("invalid-key"));
    }

    @Test
    void blankContentType_isRefused() {
        assertThatThrownBy(() -> PresignValidator.validate("a", "upload", null, " ", null, null))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("invalid-content-type"));
    }
}
