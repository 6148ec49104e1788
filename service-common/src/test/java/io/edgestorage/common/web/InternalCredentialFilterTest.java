package io.edgestorage.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class InternalCredentialFilterTest {

    @Test
    void acceptsOnlyTheConfiguredCredential() {
        var filter = new InternalCredentialFilter("current-secret", Optional.empty());
        assertThat(filter.accepts("current-secret")).isTrue();
        assertThat(filter.accepts("current-secreT")).isFalse();
        assertThat(filter.accepts("")).isFalse();
        assertThat(filter.accepts(null)).isFalse();
    }

    @Test
    void duringACredentialChange_acceptsThePreviousOneToo() {
        var filter = new InternalCredentialFilter("new-secret", Optional.of("old-secret"));
        assertThat(filter.accepts("new-secret")).isTrue();
        assertThat(filter.accepts("old-secret")).isTrue();
        assertThat(filter.accepts("other")).isFalse();
    }

    @Test
    void aBlankPreviousCredential_isIgnored() {
        var filter = new InternalCredentialFilter("new-secret", Optional.of(" "));
        assertThat(filter.accepts(" ")).isFalse();
    }
}
