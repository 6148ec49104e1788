package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.CorsRule;

class CorsEvaluatorTest {

    static final CorsRule RULE = new CorsRule("r1", List.of("https://*.example.com"), List.of("GET", "PUT"),
            List.of("content-*"), List.of("ETag"), 60);

    @Test
    void wildcardOrigin_matchesSubdomains_only() {
        assertThat(CorsEvaluator.match(List.of(RULE), "https://app.example.com", "PUT", List.of())).isEqualTo(RULE);
        assertThat(CorsEvaluator.match(List.of(RULE), "https://example.org", "PUT", List.of())).isNull();
        assertThat(CorsEvaluator.match(List.of(RULE), "http://app.example.com", "PUT", List.of())).isNull();
    }

    @Test
    void methodAndRequestedHeaders_mustBeAllowed() {
        assertThat(CorsEvaluator.match(List.of(RULE), "https://a.example.com", "DELETE", List.of())).isNull();
        assertThat(CorsEvaluator.match(List.of(RULE), "https://a.example.com", "PUT", List.of("Content-Type"))).isEqualTo(RULE);
        assertThat(CorsEvaluator.match(List.of(RULE), "https://a.example.com", "PUT", List.of("x-custom"))).isNull();
    }

    @Test
    void aStoredRuleThatWouldNoLongerValidate_neverMatches() {
        CorsRule crlf = new CorsRule(null, List.of("*"), List.of("GET"), null, List.of("ETag\r\nX-Injected: 1"), null);
        assertThat(CorsEvaluator.match(List.of(crlf, RULE), "https://a.example.com", "GET", List.of())).isEqualTo(RULE);
        assertThat(CorsEvaluator.match(List.of(crlf), "https://a.example.com", "GET", List.of())).isNull();
    }
}
