package io.edgestorage.common.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaRangeTest {

    @ParameterizedTest
    @CsvSource({
            "image/png, image/png, true",
            "image/png, IMAGE/PNG, true",
            "image/png, image/png; charset=binary, true",
            "image/png, ' image/png ', true",
            "image/*, image/jpeg, true",
            "image/*, image/svg+xml, true",
            "image/*, video/mp4, false",
            "image/png, image/jpeg, false",
            "image/png, image/png2, false",
            "image/png, image, false",
            "image/png, image/, false",
            "image/png, /png, false",
            "image/*, image/*, false",
            "text/plain, text/plain;, true",
    })
    void matchesIgnoringCaseAndParameters(String range, String contentType, boolean expected) {
        assertThat(MediaRange.parse(range).matches(contentType)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "image", "image/", "/png", "*/*", "*/png", "image/png/x", "image /png",
            "image/png;q=1", "image/p%6eg", "image/p,ng", "imäge/png", "image/\u0000"})
    void refusesWhatIsNotTypeSlashSubtypeOrTypeSlashStar(String text) {
        assertThatThrownBy(() -> MediaRange.parse(text)).isInstanceOf(MediaRange.InvalidMediaRange.class);
    }

    @org.junit.jupiter.api.Test
    void isLowerCasedSoTheSignedListIsCanonical() {
        assertThat(MediaRange.parse("Image/PNG")).hasToString("image/png");
        assertThat(MediaRange.parse("application/vnd.api+json")).hasToString("application/vnd.api+json");
    }

    @org.junit.jupiter.api.Test
    void refusesNull() {
        assertThatThrownBy(() -> MediaRange.parse(null)).isInstanceOf(MediaRange.InvalidMediaRange.class);
        assertThat(MediaRange.parse("image/*").matches(null)).isFalse();
    }
}
