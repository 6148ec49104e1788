package io.edgestorage.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "0f8fad5b-d9cb-469f-a165-70867728950e"})
    void sanitize_keepsPrintableIds(String id) {
        assertThat(RequestIdFilter.sanitize(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"with space", "line\nbreak", "caf\u00e9"})
    void sanitize_dropsIdsThatCouldInjectIntoLogs(String id) {
        assertThat(RequestIdFilter.sanitize(id)).isNull();
    }

    @Test
    void sanitize_dropsOverlongIds() {
        assertThat(RequestIdFilter.sanitize("x".repeat(129))).isNull();
    }

    @Test
    void newId_isARandomVersion4Uuid() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIdFilter.newId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(RequestIdFilter.sanitize(id)).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
