package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HeaderTextTest {

    /** What Netty hands over for these bytes: one char per byte. */
    private static String wire(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void utf8Bytes_areReadAsTheirText() {
        assertThat(HeaderText.fromWire(wire("Hello World\u00e9".getBytes(StandardCharsets.UTF_8)))).isEqualTo("Hello World\u00e9");
        assertThat(HeaderText.fromWire(wire("\u65e5\u672c".getBytes(StandardCharsets.UTF_8)))).isEqualTo("\u65e5\u672c");
    }

    @Test
    void asciiAndBytesThatAreNotUtf8_stayAsReceived() {
        String ascii = "plain";
        assertThat(HeaderText.fromWire(ascii)).isSameAs(ascii);
        assertThat(HeaderText.fromWire(wire(new byte[] {'c', 'a', 'f', (byte) 0xE9}))).isEqualTo("caf\u00e9");
        assertThat(HeaderText.fromWire(null)).isNull();
    }

    @Test
    void toWire_keepsLatin1_andEncodesWiderTextAsAnRfc2047Word() {
        assertThat(HeaderText.toWire("Hello World\u00e9")).isEqualTo("Hello World\u00e9");
        assertThat(HeaderText.toWire("plain")).isEqualTo("plain");
        assertThat(HeaderText.toWire("\u20ac")).isEqualTo("=?UTF-8?B?4oKs?=");
    }
}
