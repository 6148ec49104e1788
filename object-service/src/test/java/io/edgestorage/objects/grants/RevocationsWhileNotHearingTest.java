package io.edgestorage.objects.grants;

import static io.edgestorage.objects.grants.InternalGrantApiTest.issued;
import static io.edgestorage.objects.grants.InternalGrantApiTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.objects.support.FakeKeyService;
import io.edgestorage.objects.support.S3Clients;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Fail closed: a replica that does not hear revocation events (here: {@code max-silence} 0, so no heartbeat is
 * ever recent enough) does not trust its memory alone. It reloads the revocations from PostgreSQL every second,
 * so a grant or an object revoked in the database whose event never came is refused all the same.
 */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
@TestProfile(RevocationsWhileNotHearingTest.NeverHearing.class)
class RevocationsWhileNotHearingTest {

    public static class NeverHearing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The %test value in application.properties would win over an override of the plain name.
            return Map.of("%test.edge.keys.max-silence", "0s");
        }
    }

    @Inject
    Grants grants;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    @Test
    void aGrantRevokedInTheDatabaseOnly_isRefused() {
        String id = GrantPolicy.newGrantId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        record(issued(id, "acct-silent", "photos", "a.jpg", "GET", now, now.plusSeconds(3600), ""));
        assertThat(grants.revocationRefusal(id, "photos", "a.jpg", now, null)).isNull();

        // As another replica's revocation whose event is lost: the row changes, nothing is announced.
        pool.preparedQuery("UPDATE objects.grants SET revoked_at = now() WHERE grant_id = $1")
                .execute(Tuple.of(id)).await().indefinitely();

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> grants.revocationRefusal(id, "photos", "a.jpg", now, null) != null);
        assertThat(metrics.find("edge.grant.events.hearing").gauge().value()).isZero();
    }

    @Test
    void anObjectRevokedInTheDatabaseOnly_isRefused_forSigV4AndSigV2Urls() {
        String bucket = S3Clients.bucketName("silent");
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant issued = notBefore.minusSeconds(60);
        assertThat(grants.revocationRefusal(null, bucket, "leak.pdf", issued, null)).isNull();

        pool.preparedQuery("INSERT INTO objects.object_revocations (id, account_id, bucket, key, not_before)"
                + " VALUES ($1, 'acct-silent', $2, 'leak.pdf', $3)")
                .execute(Tuple.of("rv_silent_" + bucket, bucket, notBefore.atOffset(ZoneOffset.UTC)))
                .await().indefinitely();

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> grants.revocationRefusal(null, bucket, "leak.pdf", issued, null) != null);
        assertThat(grants.revocationRefusal(null, bucket, "leak.pdf", null, notBefore.plusSeconds(3600)))
                .as("a SigV2 URL expiring within the longest URL life after the revocation").isNotNull();
        assertThat(grants.revocationRefusal(null, bucket, "leak.pdf", notBefore.plusSeconds(1), null))
                .as("issued after it").isNull();
        assertThat(grants.revocationRefusal(null, bucket, "other.pdf", issued, null)).isNull();
    }
}
