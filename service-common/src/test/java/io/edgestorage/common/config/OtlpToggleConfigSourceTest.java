package io.edgestorage.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtlpToggleConfigSourceTest {

    @Test
    void withoutEndpoint_tracingIsOff() {
        assertThat(new OtlpToggleConfigSource(null).getValue("quarkus.otel.sdk.disabled")).isEqualTo("true");
        assertThat(new OtlpToggleConfigSource(" ").getValue("quarkus.otel.exporter.otlp.endpoint")).isNull();
    }

    @Test
    void withEndpoint_tracingIsOnAndExportsThere() {
        var source = new OtlpToggleConfigSource("http://127.0.0.1:4317");
        assertThat(source.getValue("quarkus.otel.sdk.disabled")).isEqualTo("false");
        assertThat(source.getValue("quarkus.otel.exporter.otlp.endpoint")).isEqualTo("http://127.0.0.1:4317");
    }
}
