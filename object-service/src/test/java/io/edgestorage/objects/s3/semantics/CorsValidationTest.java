package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.edgestorage.objects.CorsRule;

class CorsValidationTest {

    static CorsRule rule(List<String> origins, List<String> methods, List<String> headers, List<String> expose) {
        return new CorsRule(null, origins, methods, headers, expose, null);
    }

    @Test
    void s3sWildcardsAndOrdinaryHeaderNames_areValid() {
        assertThat(CorsValidation.problem(List.of(new CorsRule("r1", List.of("https://*.example.com"),
                List.of("GET", "PUT"), List.of("*", "x-amz-*", "Content-Type"), List.of("ETag", "x-amz-request-id"), 60))))
                .isNull();
    }

    static Stream<Arguments> invalidRuleSets() {
        List<String> any = List.of("*");
        List<String> get = List.of("GET");
        return Stream.of(
                Arguments.of("no rule", List.of(), "at least one rule"),
                Arguments.of("a null rule", Collections.singletonList(null), "not null"),
                Arguments.of("101 rules", Collections.nCopies(101, rule(any, get, null, null)), "at most 100"),
                Arguments.of("PATCH", List.of(rule(any, List.of("PATCH"), null, null)), "PATCH"),
                Arguments.of("a null method", List.of(rule(any, Arrays.asList("GET", null), null, null)), "method"),
                Arguments.of("two wildcards in an origin", List.of(rule(List.of("*.*"), get, null, null)), "wildcard"),
                Arguments.of("a null origin", List.of(rule(Arrays.asList((String) null), get, null, null)), "AllowedOrigin"),
                Arguments.of("CR/LF in an origin", List.of(rule(List.of("https://a\r\nX: 1"), get, null, null)), "AllowedOrigin"),
                Arguments.of("CR/LF in ExposeHeader", List.of(rule(any, get, null, List.of("ETag\r\nX-Injected: 1"))), "ExposeHeader"),
                Arguments.of("obs-fold in ExposeHeader", List.of(rule(any, get, null, List.of("ETag\r\n X"))), "ExposeHeader"),
                Arguments.of("a space in ExposeHeader", List.of(rule(any, get, null, List.of("E Tag"))), "ExposeHeader"),
                Arguments.of("an empty ExposeHeader", List.of(rule(any, get, null, List.of(""))), "ExposeHeader"),
                Arguments.of("TAB in AllowedHeader", List.of(rule(any, get, List.of("x-a\tb"), null)), "AllowedHeader"),
                Arguments.of("NUL in AllowedHeader", List.of(rule(any, get, List.of("x\u0000"), null)), "AllowedHeader"),
                Arguments.of("a null AllowedHeader", List.of(rule(any, get, Arrays.asList((String) null), null)), "AllowedHeader"),
                Arguments.of("LF in the ID", List.of(new CorsRule("a\nb", any, get, null, null, null)), "ID"),
                Arguments.of("an ID of 256 characters", List.of(new CorsRule("i".repeat(256), any, get, null, null, null)), "ID"),
                Arguments.of("a negative MaxAgeSeconds", List.of(new CorsRule(null, any, get, null, null, -1)), "MaxAgeSeconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRuleSets")
    void invalidRuleSets_areRefusedWithAReason(String name, List<CorsRule> rules, String reason) {
        assertThat(CorsValidation.problem(rules)).contains(reason).doesNotContain("\r").doesNotContain("\n");
    }
}
