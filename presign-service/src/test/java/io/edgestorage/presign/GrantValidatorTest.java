package io.edgestorage.presign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.common.grants.MediaRange;
import io.edgestorage.common.problem.ProblemException;

class GrantValidatorTest {

    private static GrantSpec upload(GrantFields fields) {
        return GrantValidator.validate(Action.UPLOAD, null, fields);
    }

    private static void refused(Action action, String contentType, GrantFields fields, String code) {
        assertThatThrownBy(() -> GrantValidator.validate(action, contentType, fields))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().code()).isEqualTo(code);
                });
    }

    @Test
    void noFieldsIsAnUnlimitedGrant() {
        assertThat(upload(GrantFields.NONE)).isEqualTo(GrantSpec.UNLIMITED);
        assertThat(GrantValidator.validate(Action.DOWNLOAD, null, GrantFields.NONE)).isEqualTo(GrantSpec.UNLIMITED);
    }

    @Test
    void theAvatarUpload() {
        GrantSpec spec = upload(new GrantFields(5L * 1024 * 1024, List.of("image/png", "Image/*", "image/png"), false, 1L,
                Map.of("userId", "42")));
        assertThat(spec.maxBytes()).isEqualTo(5_242_880);
        assertThat(spec.contentTypes()).containsExactly(MediaRange.parse("image/png"), MediaRange.parse("image/*"));
        assertThat(spec.overwrite()).isFalse();
        assertThat(spec.uses()).isEqualTo(1);
        assertThat(spec.context()).containsExactly(Map.entry("userId", "42"));
    }

    @Test
    void maxBytesFromZeroToFiveGiB() {
        assertThat(upload(new GrantFields(0L, null, null, null, null)).maxBytes()).isZero();
        assertThat(upload(new GrantFields(GrantPolicy.MAX_BYTES_LIMIT, null, null, null, null)).maxBytes())
                .isEqualTo(5_368_709_120L);
        refused(Action.UPLOAD, null, new GrantFields(-1L, null, null, null, null), "invalid-max-bytes");
        refused(Action.UPLOAD, null, new GrantFields(GrantPolicy.MAX_BYTES_LIMIT + 1, null, null, null, null),
                "invalid-max-bytes");
    }

    @Test
    void uploadOnlyFieldsOnADownloadAreRefused() {
        refused(Action.DOWNLOAD, null, new GrantFields(10L, null, null, null, null), "max-bytes-not-allowed");
        refused(Action.DOWNLOAD, null, new GrantFields(null, List.of("image/*"), null, null, null),
                "content-types-not-allowed");
        refused(Action.DOWNLOAD, null, new GrantFields(null, null, false, null, null), "overwrite-not-allowed");
    }

    @Test
    void usesAndContextApplyToBoth() {
        GrantSpec download = GrantValidator.validate(Action.DOWNLOAD, null,
                new GrantFields(null, null, null, 1L, Map.of("invoice", "2026-0042")));
        assertThat(download.uses()).isEqualTo(1);
        assertThat(download.context()).containsEntry("invoice", "2026-0042");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, GrantPolicy.MAX_USES + 1})
    void usesBelowOneOrOverTheLimitAreRefused(long uses) {
        refused(Action.DOWNLOAD, null, new GrantFields(null, null, null, uses, null), "invalid-uses");
    }

    @Test
    void contentTypesMustBeAShortListOfMediaRanges() {
        refused(Action.UPLOAD, null, new GrantFields(null, List.of(), null, null, null), "invalid-content-types");
        refused(Action.UPLOAD, null, new GrantFields(null, List.of("image"), null, null, null), "invalid-content-types");
        refused(Action.UPLOAD, null, new GrantFields(null, List.of("*/*"), null, null, null), "invalid-content-types");
        refused(Action.UPLOAD, null, new GrantFields(null, Arrays.asList("image/*", null), null, null, null),
                "invalid-content-types");
        refused(Action.UPLOAD, null, new GrantFields(null, java.util.Collections.nCopies(17, "image/png"), null, null,
                null), "invalid-content-types");
        refused(Action.UPLOAD, "image/png", new GrantFields(null, List.of("image/*"), null, null, null),
                "content-types-conflict");
    }

    @Test
    void contextIsAtMostSixteenShortPairs() {
        Map<String, String> sixteen = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            sixteen.put("k" + i, "v");
        }
        assertThat(upload(new GrantFields(null, null, null, null, sixteen)).context()).hasSize(16);
        Map<String, String> seventeen = new LinkedHashMap<>(sixteen);
        seventeen.put("k16", "v");
        refused(Action.UPLOAD, null, new GrantFields(null, null, null, null, seventeen), "invalid-context");
        refused(Action.UPLOAD, null, new GrantFields(null, null, null, null, Map.of("", "v")), "invalid-context");
        refused(Action.UPLOAD, null, new GrantFields(null, null, null, null, Map.of("k".repeat(65), "v")),
                "invalid-context");
        refused(Action.UPLOAD, null, new GrantFields(null, null, null, null, Map.of("k", "v".repeat(257))),
                "invalid-context");
        refused(Action.UPLOAD, null, new GrantFields(null, null, null, null, Map.of("k", "a\nb")), "invalid-context");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        refused(Action.UPLOAD, null, new GrantFields(null, null, null, null, nullValue), "invalid-context");
    }
}
