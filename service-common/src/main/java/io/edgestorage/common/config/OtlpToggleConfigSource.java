package io.edgestorage.common.config;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Tracing is off unless an OTLP endpoint is given: {@code EDGE_OTLP_ENDPOINT} both turns the
 * OpenTelemetry SDK on and points the exporter at it. A plain properties file cannot express
 * "on when set", hence this tiny source.
 */
public class OtlpToggleConfigSource implements ConfigSource {

    static final String ENDPOINT_ENV = "EDGE_OTLP_ENDPOINT";

    private final Map<String, String> values;

    public OtlpToggleConfigSource() {
        this(System.getenv(ENDPOINT_ENV));
    }

    OtlpToggleConfigSource(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            values = Map.of("quarkus.otel.sdk.disabled", "true");
        } else {
            values = Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.endpoint", endpoint.trim());
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "edge-otlp-toggle";
    }

    @Override
    public int getOrdinal() {
        // Above application.properties (250), below system properties (400) and env (300) so an
        // operator can still force QUARKUS_OTEL_SDK_DISABLED explicitly.
        return 275;
    }
}
