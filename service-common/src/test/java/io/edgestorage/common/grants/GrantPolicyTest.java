package io.edgestorage.common.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrantPolicyTest {

    private static final String ID = GrantPolicy.newGrantId();

    private static GrantPolicy read(Map<String, String> query) {
        return GrantPolicy.fromQuery(query.keySet(), query::get);
    }

    @Test
    void roundTripsEveryLimitThroughTheQuery() {
        GrantPolicy policy = new GrantPolicy(ID, 5 * 1024 * 1024,
                List.of(MediaRange.parse("image/*"), MediaRange.parse("application/pdf")), false, 1);
        Map<String, String> query = policy.toQueryParameters();
        assertThat(query).containsExactly(
                Map.entry("X-Edge-Grant", ID),
                Map.entry("X-Edge-Max-Bytes", "5242880"),
                Map.entry("X-Edge-Content-Types", "image/*,application/pdf"),
                Map.entry("X-Edge-Overwrite", "false"),
                Map.entry("X-Edge-Uses", "1"));
        assertThat(read(query)).isEqualTo(policy);
    }

    @Test
    void anUnlimitedGrantIsOnlyItsId() {
        GrantPolicy policy = new GrantPolicy(ID, GrantPolicy.UNLIMITED, List.of(), true, GrantPolicy.UNLIMITED);
        assertThat(policy.toQueryParameters()).containsExactly(Map.entry("X-Edge-Grant", ID));
        assertThat(read(policy.toQueryParameters())).isEqualTo(policy);
    }

    @Test
    void aQueryWithoutGrantParametersHasNoGrant() {
        assertThat(read(Map.of("X-Amz-Date", "20261207T000000Z", "x-id", "GetObject"))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "X-Edge-Uses|1|X-Edge-Grant",                 // a limit without the grant id
            "x-edge-grant|ID|x-edge-grant",                // names are case-sensitive, as SigV4's
            "X-Edge-Expires|1|X-Edge-Expires",             // a parameter this server does not know
            "X-Edge-Max-Bytes|-1|X-Edge-Max-Bytes",
            "X-Edge-Max-Bytes|+5|X-Edge-Max-Bytes",
            "X-Edge-Max-Bytes|05|X-Edge-Max-Bytes",
            "X-Edge-Max-Bytes|5368709121|X-Edge-Max-Bytes", // over 5 GiB
            "X-Edge-Max-Bytes|99999999999999999999|X-Edge-Max-Bytes",
            "X-Edge-Max-Bytes|1e3|X-Edge-Max-Bytes",
            "X-Edge-Uses|0|X-Edge-Uses",
            "X-Edge-Uses|1000001|X-Edge-Uses",
            "X-Edge-Uses||X-Edge-Uses",
            "X-Edge-Overwrite|true|X-Edge-Overwrite",      // only the non-default is ever written
            "X-Edge-Overwrite|FALSE|X-Edge-Overwrite",
            "X-Edge-Content-Types|image/*,|X-Edge-Content-Types",
            "X-Edge-Content-Types|*/*|X-Edge-Content-Types",
            "X-Edge-Content-Types|image/png;q=1|X-Edge-Content-Types",
    })
    void refusesWhatPresignNeverWrites(String name, String value, String blamed) {
        Map<String, String> query = new LinkedHashMap<>();
        if (!name.equalsIgnoreCase("X-Edge-Grant")) {
            query.put("X-Edge-Grant", name.equals("X-Edge-Uses") && blamed.equals("X-Edge-Grant") ? "not-an-id" : ID);
        }
        query.put(name, value == null ? "" : value.replace("ID", ID));
        assertThatThrownBy(() -> read(query)).isInstanceOfSatisfying(GrantPolicy.InvalidGrant.class,
                e -> assertThat(e.parameter()).isEqualTo(blamed));
    }

    @Test
    void refusesMoreThanSixteenContentTypes() {
        String seventeen = String.join(",", java.util.Collections.nCopies(17, "image/png"));
        assertThatThrownBy(() -> read(Map.of("X-Edge-Grant", ID, "X-Edge-Content-Types", seventeen)))
                .isInstanceOf(GrantPolicy.InvalidGrant.class).hasMessageContaining("at most 16");
    }

    @Test
    void grantIdsAreDistinctAndOfOneShape() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = GrantPolicy.newGrantId();
            assertThat(GrantPolicy.isGrantId(id)).as(id).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
        assertThat(GrantPolicy.isGrantId("gr_" + "A".repeat(26))).isFalse();
        assertThat(GrantPolicy.isGrantId("gr_" + "a".repeat(25))).isFalse();
        assertThat(GrantPolicy.isGrantId("gx_" + "a".repeat(26))).isFalse();
        assertThat(GrantPolicy.isGrantId(null)).isFalse();
    }

    @Test
    void contentTypesAllowAnyWhenNoneAreNamed() {
        GrantPolicy any = new GrantPolicy(ID, GrantPolicy.UNLIMITED, List.of(), true, GrantPolicy.UNLIMITED);
        assertThat(any.allowsContentType(null)).isTrue();
        GrantPolicy images = new GrantPolicy(ID, GrantPolicy.UNLIMITED, List.of(MediaRange.parse("image/*")), true,
                GrantPolicy.UNLIMITED);
        assertThat(images.allowsContentType("image/webp")).isTrue();
        assertThat(images.allowsContentType("text/html")).isFalse();
        assertThat(images.allowsContentType(null)).isFalse();
    }

    @Test
    void theNamespaceIsCaseInsensitiveSoNoVariantSlipsThrough() {
        assertThat(GrantPolicy.isGrantNamespace("x-EDGE-uses")).isTrue();
        assertThat(GrantPolicy.isGrantNamespace("X-Amz-Date")).isFalse();
    }
}
