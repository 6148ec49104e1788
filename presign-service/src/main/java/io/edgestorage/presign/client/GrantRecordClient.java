package io.edgestorage.presign.client;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.edgestorage.common.web.InternalCredentialFilter;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * {@code POST /internal/v1/grants} (docs/internal-api.md): one batch of grants, sent with the Vert.x core
 * {@link HttpClient} and written by one pre-built Jackson writer. Not a REST client method: per call the REST
 * client and the fault-tolerance interceptor resolve configuration, build a handler chain and run Mutiny with
 * context propagation: much of what the JIT was still compiling minutes into a load. What bounds presign
 * throughput with grants is elsewhere (docs/benchmarks.md).
 * <p>
 * Each attempt is bounded by the REST clients' connect and read timeouts; the batch is retried once
 * (object-service keeps the first row of a grant id, so a batch sent twice records each grant once), behind a
 * circuit breaker (SmallRye Fault Tolerance's programmatic {@link TypedGuard}: 50 % failures over 20 calls
 * open it for 5 s) so a failing object-service refuses presigns at once. The guard runs in place (direct
 * offload executor), as the gateway's does: no event-loop dispatch or context capture per call.
 */
@ApplicationScoped
public class GrantRecordClient {

    static final String PATH = "/internal/v1/grants";
    private static final TypeLiteral<CompletionStage<Void>> RESULT = new TypeLiteral<>() {
    };
    /** Calls in flight at once: one per window normally; a few more while object-service is slow. */
    private static final int MAX_CONNECTIONS = 32;

    private final HttpClient client;
    private final ObjectWriter batchWriter;
    private final String host;
    private final int port;
    private final boolean tls;
    private final MultiMap headers;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;
    private final TypedGuard<CompletionStage<Void>> guard;

    @Inject
    public GrantRecordClient(Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.rest-client.object-service.url") URI objectService,
            @ConfigProperty(name = "edge.internal.token") String internalToken,
            @ConfigProperty(name = "quarkus.rest-client.connect-timeout") long connectTimeoutMillis,
            @ConfigProperty(name = "quarkus.rest-client.read-timeout") long readTimeoutMillis) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
        this.batchWriter = mapper.writerFor(GrantBatch.class);
        this.host = objectService.getHost();
        this.tls = "https".equalsIgnoreCase(objectService.getScheme());
        this.port = objectService.getPort() > 0 ? objectService.getPort() : tls ? 443 : 80;
        this.headers = MultiMap.caseInsensitiveMultiMap()
                .add(InternalCredentialFilter.HEADER, internalToken)
                .add(HttpHeaders.CONTENT_TYPE, "application/json");
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.guard = TypedGuard.create(RESULT)
                .withDescription("record grants in object-service")
                .withRetry().maxRetries(1).delay(50, ChronoUnit.MILLIS).jitter(25, ChronoUnit.MILLIS)
                // an open circuit is the answer, not a fault to try again
                .abortOn(CircuitBreakerOpenException.class).done()
                .withCircuitBreaker().requestVolumeThreshold(20).failureRatio(0.5).delay(5, ChronoUnit.SECONDS).done()
                .withThreadOffload(true)
                .withThreadOffloadExecutor(Runnable::run)
                .build();
    }

    /**
     * Completes once object-service has committed every grant of the batch (2xx); fails with
     * {@link UpstreamFailureException} for any other answer, with the transport's failure or timeout, or with
     * {@link CircuitBreakerOpenException} while the breaker is open.
     */
    public CompletionStage<Void> record(List<IssuedGrant> grants) {
        Buffer body;
        try {
            body = Buffer.buffer(batchWriter.writeValueAsBytes(new GrantBatch(grants)));
        } catch (JsonProcessingException e) {
            return Future.<Void>failedFuture(e).toCompletionStage();
        }
        return guard.get(() -> attempt(body).toCompletionStage());
    }

    private Future<Void> attempt(Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setSsl(tls).setURI(PATH).setHeaders(headers).setConnectTimeout(connectTimeoutMillis)
                .setIdleTimeout(readTimeoutMillis);
        return client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().compose(ignored -> response.statusCode() / 100 == 2
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(new UpstreamFailureException("object-service", response.statusCode()))));
    }
}
