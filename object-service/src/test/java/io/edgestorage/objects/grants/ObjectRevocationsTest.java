package io.edgestorage.objects.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ObjectRevocationsTest {

    private static final Duration LIFE = Duration.ofDays(7).plusMinutes(15);
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private final ObjectRevocations revocations = new ObjectRevocations(LIFE);

    @Test
    void aKeyRevocationRefusesUrlsToThatKeyIssuedBeforeIt() {
        revocations.add(new ObjectRevocation("r1", "acct", "photos", "cat.jpg", null, T));
        assertThat(revocations.refusing("photos", "cat.jpg", T.minusSeconds(1))).extracting(ObjectRevocation::id)
                .isEqualTo("r1");
        assertThat(revocations.refusing("photos", "cat.jpg", T)).as("issued at notBefore").isNull();
        assertThat(revocations.refusing("photos", "cat.jpg", T.plusSeconds(1))).isNull();
        assertThat(revocations.refusing("photos", "cat.jpg2", T.minusSeconds(1))).as("another key").isNull();
        assertThat(revocations.refusing("other", "cat.jpg", T.minusSeconds(1))).as("another bucket").isNull();
    }

    @Test
    void aPrefixRevocationRefusesEveryKeyUnderIt() {
        revocations.add(new ObjectRevocation("r2", "acct", "photos", null, "2026/", T));
        assertThat(revocations.refusing("photos", "2026/a.jpg", T.minusSeconds(60))).isNotNull();
        assertThat(revocations.refusing("photos", "2026/", T.minusSeconds(60))).isNotNull();
        assertThat(revocations.refusing("photos", "2025/a.jpg", T.minusSeconds(60))).isNull();
        assertThat(revocations.refusing("photos", "2026", T.minusSeconds(60))).isNull();
    }

    @Test
    void aSigV2UrlCountsAsIssuedAsEarlyAsItsExpiryAllows() {
        revocations.add(new ObjectRevocation("r3", "acct", "photos", "cat.jpg", null, T));
        Instant expiresSoonAfter = T.plus(Duration.ofHours(1));
        assertThat(revocations.refusing("photos", "cat.jpg", revocations.earliestIssueOfSigV2(expiresSoonAfter)))
                .as("a SigV2 URL that may have been issued before the revocation").isNotNull();
        Instant expiresLater = T.plus(LIFE);
        assertThat(revocations.refusing("photos", "cat.jpg", revocations.earliestIssueOfSigV2(expiresLater)))
                .as("one that cannot have been").isNull();
    }

    @Test
    void aRevocationIsDroppedOnlyOnceNoUrlItCoversCanBeAlive() {
        revocations.add(new ObjectRevocation("r4", "acct", "photos", "cat.jpg", null, T));
        assertThat(revocations.dropExpired(T.plus(LIFE).minusSeconds(1))).isZero();
        assertThat(revocations.of("photos")).hasSize(1);
        assertThat(revocations.dropExpired(T.plus(LIFE))).isEqualTo(1);
        assertThat(revocations.of("photos")).isEmpty();
    }

    @Test
    void addingTheSameRevocationTwiceKeepsOne() {
        ObjectRevocation r = new ObjectRevocation("r5", "acct", "photos", "cat.jpg", null, T);
        revocations.add(r);
        revocations.add(r);
        assertThat(revocations.of("photos")).containsExactly(r);
    }

    @Test
    void exactlyOneOfKeyAndPrefix() {
        assertThatThrownBy(() -> new ObjectRevocation("r", "a", "b", "k", "p", T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectRevocation("r", "a", "b", null, null, T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokedGrantsLeaveWhenTheirUrlHasExpired() {
        RevokedGrants revoked = new RevokedGrants();
        revoked.add("gr_a", T);
        revoked.add("gr_b", T.plusSeconds(60));
        assertThat(revoked.isRevoked("gr_a")).isTrue();
        assertThat(revoked.isRevoked("gr_c")).isFalse();
        assertThat(revoked.dropExpired(T)).isEqualTo(1);
        assertThat(revoked.isRevoked("gr_a")).isFalse();
        assertThat(revoked.isRevoked("gr_b")).isTrue();
        assertThat(revoked.size()).isEqualTo(1);
    }
}
