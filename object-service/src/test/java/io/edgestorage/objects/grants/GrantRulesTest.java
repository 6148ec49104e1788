package io.edgestorage.objects.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.edgestorage.common.grants.GrantPolicy;
import io.edgestorage.common.grants.MediaRange;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;

class GrantRulesTest {

    private static final String ID = GrantPolicy.newGrantId();
    private static final GrantPolicy AVATAR = new GrantPolicy(ID, 5 * 1024 * 1024,
            List.of(MediaRange.parse("image/*")), false, 1);
    private static final GrantPolicy UNLIMITED = new GrantPolicy(ID, GrantPolicy.UNLIMITED, List.of(), true,
            GrantPolicy.UNLIMITED);

    @Test
    void anUploadWithinTheLimitsPasses() {
        assertThat(GrantRules.uploadRefusal(AVATAR, "image/png", 5 * 1024 * 1024)).isNull();
        assertThat(GrantRules.uploadRefusal(AVATAR, "image/png", -1)).as("length known only at the end").isNull();
        assertThat(GrantRules.uploadRefusal(UNLIMITED, null, Long.MAX_VALUE)).isNull();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsEntityTooLarge() {
        S3Exception e = GrantRules.uploadRefusal(AVATAR, "image/png", 5 * 1024 * 1024 + 1);
        assertThat(e.error()).isEqualTo(S3Error.ENTITY_TOO_LARGE);
        assertThat(e.getMessage()).contains("5242880");
        assertThat(e.extra()).containsEntry("MaxSizeAllowed", "5242880");
    }

    @Test
    void aContentTypeOutsideTheListIsAccessDeniedNamingTheCondition() {
        S3Exception e = GrantRules.uploadRefusal(AVATAR, "text/html", 10);
        assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("image/*").contains("\"text/html\"");
        assertThat(GrantRules.uploadRefusal(AVATAR, null, 10).getMessage()).contains("missing");
    }

    @Test
    void theTypeIsCheckedBeforeTheSize() {
        assertThat(GrantRules.uploadRefusal(AVATAR, "text/html", Long.MAX_VALUE).error()).isEqualTo(S3Error.ACCESS_DENIED);
    }

    @Test
    void headNeverSpendsAUse() {
        assertThat(GrantRules.spendsUse(AVATAR, "GET")).isTrue();
        assertThat(GrantRules.spendsUse(AVATAR, "PUT")).isTrue();
        assertThat(GrantRules.spendsUse(AVATAR, "HEAD")).isFalse();
        assertThat(GrantRules.spendsUse(UNLIMITED, "GET")).isFalse();
    }

    @Test
    void sigV4UrlsAreJudgedByTheirDateAndSigV2UrlsByTheEarliestTheirExpiryAllows() {
        ObjectRevocations revocations = new ObjectRevocations(Grants.LONGEST_URL_LIFE);
        Instant t = Instant.parse("2026-12-07T12:00:00Z");
        revocations.add(new ObjectRevocation("rv_1", "a", "b", "k", null, t));
        assertThat(GrantRules.revocationRefusing(revocations, "b", "k", t.minusSeconds(1), null)).isNotNull();
        assertThat(GrantRules.revocationRefusing(revocations, "b", "k", t.plusSeconds(1), null)).isNull();
        assertThat(GrantRules.revocationRefusing(revocations, "b", "k", null, t.plusSeconds(3600))).isNotNull();
        assertThat(GrantRules.revocationRefusing(revocations, "b", "k", null, t.plus(Grants.LONGEST_URL_LIFE))).isNull();
        assertThat(GrantRules.revocationRefusing(revocations, "b", "k", null, null))
                .as("header auth carries no issue time: never refused by an object revocation").isNull();
    }

    @Test
    void refusalsSpeakS3() {
        assertThat(GrantRules.usedUp().error()).isEqualTo(S3Error.ACCESS_DENIED);
        assertThat(GrantRules.usedUp().getMessage()).isEqualTo("This URL has been used");
        assertThat(GrantRules.revokedGrant().error()).isEqualTo(S3Error.ACCESS_DENIED);
        assertThat(GrantRules.unsignedGrant().error()).isEqualTo(S3Error.INVALID_ARGUMENT);
        assertThatThrownBy(() -> GrantPolicy.fromQuery(List.of("X-Edge-Grant"), n -> "bad"))
                .isInstanceOfSatisfying(GrantPolicy.InvalidGrant.class, invalid -> assertThat(
                        GrantRules.invalidGrant(invalid).extra()).containsEntry("ArgumentName", "X-Edge-Grant"));
    }
}
