package io.edgestorage.objects.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyResolverProducerTest {

    /** A wrong internal credential (401/403) is an outage, never a negatively cached "unknown key". */
    @ParameterizedTest(name = "key-service {0} → unknown key: {1}")
    @CsvSource({"404, true", "403, false", "401, false", "500, false", "503, false"})
    void onlyNotFound_meansAnUnknownKey(int status, boolean unknownKey) {
        WebApplicationException answer = new WebApplicationException(Response.status(status).build());

        assertThat(KeyResolverProducer.isNotFound(answer)).isEqualTo(unknownKey);
    }
}
