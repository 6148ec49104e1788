package io.edgestorage.presign.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The hand-driven generator writes exactly what Jackson databind writes for the record. */
class PresignAnswerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static java.util.stream.Stream<Arguments> answers() {
        Map<String, String> two = new LinkedHashMap<>();
        two.put("Content-Type", "image/jpeg");
        two.put("X-Odd", "quote \" backslash \\ newline \n é ✓");
        return java.util.stream.Stream.of(
                Arguments.of("download", new PresignAnswer("http://h/b/k?X-Amz-Signature=ab", "GET",
                        "2026-11-29T04:00:00Z", "AKIAEXAMPLE", Map.of(), "gr_aaaaaaaaaaaaaaaaaaaaaaaaaa")),
                Arguments.of("upload with headers", new PresignAnswer("http://h/b/k%20x?a=b&c=d", "PUT",
                        "2026-11-29T04:00:00Z", "AKIAEXAMPLE", two, "gr_bbbbbbbbbbbbbbbbbbbbbbbbbb")),
                Arguments.of("nulls", new PresignAnswer("u", "GET", "e", null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void toJson_matchesDatabind(String name, PresignAnswer answer) throws Exception {
        byte[] json = answer.toJson(MAPPER.getFactory());
        assertThat(MAPPER.readTree(json)).isEqualTo(MAPPER.readTree(MAPPER.writeValueAsBytes(answer)));
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(MAPPER.writeValueAsString(answer));
    }
}
