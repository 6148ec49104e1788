package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignedHeadersTest {

    @Test
    void list_keepsTheOrderSigned() {
        SignedHeaders headers = SignedHeaders.parse("x-amz-date;host;content-type", AuthFailure.MALFORMED_HEADER).value();

        assertThat(headers.names()).containsExactly("x-amz-date", "host", "content-type");
        assertThat(headers.contains("host")).isTrue();
        assertThat(headers.contains("Host")).isFalse();
    }

    @Test
    void tokenCharactersOtherThanUpperCase_areNames() {
        assertThat(SignedHeaders.parse("host;x_custom.1!#$%&'*+^`|~", AuthFailure.MALFORMED_QUERY).value().names())
                .containsExactly("host", "x_custom.1!#$%&'*+^`|~");
    }

    @Test
    void emptyList_isTheCallersMalformedFailure() {
        assertThat(SignedHeaders.parse("", AuthFailure.MALFORMED_QUERY).rejection())
                .isEqualTo(Verification.Rejected.of(AuthFailure.MALFORMED_QUERY, "SignedHeaders is empty"));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "host;",
        ";host",
        "host;;x-amz-date",
        "Host",
        "content-type;HOST",
        "host;host",
        "host;x-amz-date;host",
        "host x-amz-date",
        "host,x-amz-date",
        "host:1",
        "h\u00f6st"})
    void badList_isTheCallersMalformedFailure_namingTheList(String text) {
        Verification.Rejected rejected = SignedHeaders.parse(text, AuthFailure.MALFORMED_HEADER).rejection();

        assertThat(rejected.failure()).isEqualTo(AuthFailure.MALFORMED_HEADER);
        assertThat(rejected.message()).isEqualTo("SignedHeaders must be distinct lower-case header names: " + text);
    }

    @Test
    void names_cannotBeChangedAfterParsing() {
        List<String> source = new ArrayList<>(List.of("host"));
        SignedHeaders headers = new SignedHeaders(source);
        source.add("x-amz-date");

        assertThat(headers.names()).containsExactly("host");
        assertThatThrownBy(() -> headers.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
