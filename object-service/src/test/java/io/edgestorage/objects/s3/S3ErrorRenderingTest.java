package io.edgestorage.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;

import io.edgestorage.common.testing.InternalApi;
import io.edgestorage.objects.CorsRule;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.Router;

/**
 * An error whose headers cannot be set (a CORS rule with CR/LF, which validation now keeps out) still gets
 * an answer: S3Responses.error runs where nothing catches its exceptions, so one escaping left the client
 * waiting until it gave up.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class S3ErrorRenderingTest {

    /** Outside the data plane's routes (which would answer first), so on the internal listener. */
    static final String PATH = "/q/test/unsendable-error";

    /** Fails a request the way S3Router does: from a later turn of the event loop, with a rule Vert.x cannot send. */
    @ApplicationScoped
    static class UnsendableErrorRoute {
        void register(@Observes Router router) {
            router.get(PATH).handler(rc -> {
                rc.request().pause();
                S3Call call = S3Call.of(rc, Optional.empty());
                call.corsRule = new CorsRule(null, List.of("*"), List.of("GET"), null, List.of("ETag\r\nX-Injected: 1"), null);
                call.response.putHeader("ETag", "\"not-an-error's\"");
                rc.vertx().runOnContext(v -> S3Responses.error(call, S3Error.NO_SUCH_KEY.exception()));
            });
        }
    }

    @Test
    void anErrorWhoseHeadersCannotBeSet_isAnsweredWithInternalError_withoutTheRequestsHeaders() throws Exception {
        URI endpoint = S3Clients.endpoint();
        try (Socket socket = new Socket(endpoint.getHost(), InternalApi.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + PATH + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Origin: https://app.example\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 500").containsIgnoringCase("content-type: application/xml")
                    .containsIgnoringCase("x-request-id:").contains("<Code>InternalError</Code>")
                    .doesNotContainIgnoringCase("x-injected").doesNotContainIgnoringCase("etag")
                    .doesNotContainIgnoringCase("access-control-");
        }
    }
}
