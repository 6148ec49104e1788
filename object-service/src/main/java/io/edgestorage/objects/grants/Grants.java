package io.edgestorage.objects.grants;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.events.GrantEvents;
import io.edgestorage.objects.events.OutboxRelay;
import io.edgestorage.objects.metadata.GrantRepository;
import io.edgestorage.objects.metadata.ObjectRevocationRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Revoking grants and objects, and the sets every replica enforces from them. The database is the record;
 * each replica holds the revocations that can still refuse a live URL in memory, loaded at start and kept by
 * the events every revocation announces (written to the outbox in its transaction, relayed to Kafka, applied by
 * every replica's {@code events.GrantEventsConsumer}); while a replica does not hear them, its sets are
 * reloaded from PostgreSQL every second ({@code events.GrantEventStream}).
 */
@ApplicationScoped
public class Grants {

    /** SigV4's longest presigned life (7 days) plus the clock skew verifiers allow (15 minutes). */
    public static final Duration LONGEST_URL_LIFE = Duration.ofDays(7).plusMinutes(15);

    private final GrantRepository grants;
    private final ObjectRevocationRepository objectRevocations;
    private final GrantEvents events;
    private final OutboxRelay relay;
    private final Clock clock;
    private final RevokedGrants revoked = new RevokedGrants();
    private final ObjectRevocations revokedObjects = new ObjectRevocations(LONGEST_URL_LIFE);

    public Grants(GrantRepository grants, ObjectRevocationRepository objectRevocations, GrantEvents events,
            OutboxRelay relay, Clock clock) {
        this.grants = grants;
        this.objectRevocations = objectRevocations;
        this.events = events;
        this.relay = relay;
        this.clock = clock;
    }

    /**
     * A replica serves nothing before it knows every revocation that can still refuse a URL: the HTTP
     * listeners open after startup observers return, so waiting here keeps a revoked URL from being served.
     */
    void onStart(@Observes StartupEvent start) {
        load().await().atMost(Duration.ofSeconds(30));
    }

    /** Loads what can still refuse a live URL: revoked grants not yet expired, revocations not yet spent. */
    public Uni<Void> load() {
        Instant now = clock.instant();
        return grants.revokedAlive(now)
                .invoke(list -> list.forEach(g -> revoked.add(g.grantId(), g.expiresAt())))
                .chain(() -> objectRevocations.since(now.minus(LONGEST_URL_LIFE)))
                .invoke(list -> list.forEach(revokedObjects::add))
                .replaceWithVoid();
    }

    /**
     * Revokes one grant; null when the account has no such grant. Refused here at once; answers once its event is
     * on Kafka (or after {@code edge.grant-events.publish-wait}), so every other replica is already being told.
     */
    public Uni<GrantRecord> revoke(String account, String grantId) {
        return grants.revoke(account, grantId, clock.instant(), events::grantRevoked).call(g -> {
            if (g == null) {
                return Uni.createFrom().voidItem();
            }
            revoked.add(g.grantId(), g.expiresAt());
            return relay.published();
        });
    }

    /**
     * Revokes every URL to {@code key} (or under {@code prefix}) in the bucket issued before now; answers like
     * {@link #revoke}.
     */
    public Uni<ObjectRevocation> revokeObjects(String account, String bucket, String key, String prefix) {
        // Microseconds, as PostgreSQL keeps it: every replica, whether told by event or by reload, holds one instant.
        ObjectRevocation revocation = new ObjectRevocation(newRevocationId(), account, bucket, key, prefix,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        return objectRevocations.insert(revocation, events.objectRevocationCreated(revocation))
                .invoke(() -> revokedObjects.add(revocation))
                .call(relay::published)
                .replaceWith(revocation);
    }

    /** Applies a revocation made on another replica (from its event). */
    public void revokedElsewhere(String grantId, Instant expiresAt) {
        revoked.add(grantId, expiresAt);
    }

    public void objectsRevokedElsewhere(ObjectRevocation revocation) {
        revokedObjects.add(revocation);
    }

    /**
     * The refusal of a presigned request by a revoked grant or an object revocation, or null when neither
     * refuses it. This is the one question the s3 path asks; it is answered from the sets this replica holds.
     *
     * @param grantId        the grant the URL carries, or null
     * @param sigV4IssuedAt  a SigV4 presigned URL's {@code X-Amz-Date}, else null
     * @param sigV2Expires   a SigV2 presigned URL's {@code Expires}, else null
     */
    public S3Exception revocationRefusal(String grantId, String bucket, String key,
            Instant sigV4IssuedAt, Instant sigV2Expires) {
        if (grantId != null && revoked.isRevoked(grantId)) {
            return GrantRules.revokedGrant();
        }
        ObjectRevocation refusing = GrantRules.revocationRefusing(revokedObjects, bucket, key, sigV4IssuedAt,
                sigV2Expires);
        return refusing == null ? null : GrantRules.revokedObject(refusing);
    }

    public boolean isRevoked(String grantId) {
        return revoked.isRevoked(grantId);
    }

    public ObjectRevocations objectRevocations() {
        return revokedObjects;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledDropExpired() {
        return dropExpired().onFailure().recoverWithItem(0).replaceWithVoid();
    }

    /** Drops what no live URL can fall under any more, in memory and in the database. */
    public Uni<Integer> dropExpired() {
        Instant now = clock.instant();
        revoked.dropExpired(now);
        revokedObjects.dropExpired(now);
        return objectRevocations.deleteBefore(now.minus(LONGEST_URL_LIFE));
    }

    private static String newRevocationId() {
        return "rv_" + GrantPolicy.newGrantId().substring(3);
    }
}
