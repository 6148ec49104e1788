package io.edgestorage.presign.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.presign.client.GrantRecordClient;
import io.edgestorage.presign.client.IssuedGrant;
import io.edgestorage.presign.config.GrantRecordingConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Records every grant in object-service before its URL is handed out, so the grant can be read and revoked
 * at once and a limited URL's use count exists when it is first used. Concurrent presigns share one
 * {@code POST /internal/v1/grants} ({@link RecordBatcher}); a grant that could not be recorded is a 503
 * and its URL is never answered.
 */
@ApplicationScoped
public class GrantRecorder {

    private static final Logger LOG = Logger.getLogger(GrantRecorder.class);

    private final RecordBatcher<IssuedGrant> batcher;

    public GrantRecorder(Vertx vertx, GrantRecordClient client, GrantRecordingConfig config, MeterRegistry registry) {
        DistributionSummary batchSizes = DistributionSummary.builder("edge.presign.grant.batch.size")
                .description("Grants per record call to object-service").register(registry);
        Timer recorded = recordTimer(registry, "success");
        Timer failed = recordTimer(registry, "failure");
        this.batcher = new RecordBatcher<>(vertx, grants -> {
            batchSizes.record(grants.size());
            long started = System.nanoTime();
            return Future.fromCompletionStage(client.record(grants)).andThen(call ->
                    (call.succeeded() ? recorded : failed).record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        }, config.window(), config.maxBatch(), config.timeout());
    }

    /** Completes once object-service has committed the grant; fails with a 503 {@link ProblemException}. */
    public Future<Void> record(IssuedGrant grant) {
        return batcher.submit(grant).recover(failure -> {
            LOG.warnf("object-service did not record grant %s: %s", grant.grantId(), failure.toString());
            return Future.failedFuture(notRecorded());
        });
    }

    private static Timer recordTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("edge.presign.grant.record").tag("outcome", outcome)
                .description("Record calls to object-service, one per batch, its retry included").register(registry);
    }

    private static ProblemException notRecorded() {
        return ProblemException.unavailable("upstream-unavailable",
                "object-service could not record the grant, so no URL was issued; try again shortly");
    }
}
