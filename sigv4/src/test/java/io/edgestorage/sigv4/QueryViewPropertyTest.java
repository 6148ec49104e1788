package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.edgestorage.sigv4.v2.SigV2;

/**
 * For generated query strings (every legal percent-encoding of names and values in upper- and lower-case
 * hex, {@code ;}, {@code +}, spaces, duplicates, empty values, names without {@code =}, non-ASCII), the
 * parameters the verifiers sign are the parameters the service dispatches on: {@link QueryParameters}
 * yields exactly the generated parameters, any two encodings of them sign alike (SigV4 and SigV2), and
 * any change to them changes what is signed.
 */
class QueryViewPropertyTest {

    private static final long SEED = 0x5EED_2026L;
    private static final int CASES = 3000;
    private static final String[] NAMES = {"uploads", "uploadId", "partNumber", "versionId", "response-content-type",
        "response-content-disposition", "response-cache-control", "acl", "cors", "delete", "list-type", "prefix",
        "x", "X-Amz-Meta", "UPLOADS", "Response-Content-Type", "a;b", "a b", "a+b", "ü", "", "k=v", "a&b"};
    private static final String VALUE_CHARS = "ab;&=+ %/\"'ü€:,.-_~*()";

    record Param(String name, String value, boolean hasValue) {
        @Override
        public String toString() {
            return hasValue ? name + '=' + value : name;
        }
    }

    @Test
    void everyEncoding_isReadAsTheParametersItEncodes_andSignsAlike() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            List<Param> params = generate(random);
            String raw = encode(params, random);
            String other = encode(params, random);
            QueryParameters parsed = QueryParameters.parse(raw);

            assertThat(view(parsed)).as(raw).isEqualTo(params.stream().map(Param::toString).toList());
            assertThat(parsed.canonical(null)).as(raw + " vs " + other)
                    .isEqualTo(QueryParameters.parse(other).canonical(null)).isEqualTo(sigV4Reference(params));
            assertThat(SigV2.canonicalizedResource(null, "/b/k", parsed)).as(raw)
                    .isEqualTo(SigV2.canonicalizedResource(null, "/b/k", QueryParameters.parse(other)))
                    .isEqualTo(sigV2Reference(params));
        }
    }

    @Test
    void anyChangeToTheParameters_changesWhatIsSigned() {
        Random random = new Random(SEED + 1);
        int sigV2Compared = 0;
        for (int i = 0; i < CASES; i++) {
            List<Param> params = generate(random);
            List<Param> changed = mutate(params, random);
            QueryParameters before = QueryParameters.parse(encode(params, random));
            QueryParameters after = QueryParameters.parse(encode(changed, random));
            if (sortedPairs(params).equals(sortedPairs(changed))) {
                continue; // e.g. "a" became "a=": the same parameter to SigV4 and to the router
            }
            assertThat(after.canonical(null)).as(params + " -> " + changed).isNotEqualTo(before.canonical(null));
            List<String> subResourcesBefore = subResources(params);
            List<String> subResourcesAfter = subResources(changed);
            if (!subResourcesBefore.equals(subResourcesAfter) && SigV2.ambiguousSubResource(before) == null
                    && SigV2.ambiguousSubResource(after) == null) {
                sigV2Compared++;
                assertThat(SigV2.canonicalizedResource(null, "/b/k", after)).as(params + " -> " + changed)
                        .isNotEqualTo(SigV2.canonicalizedResource(null, "/b/k", before));
            }
        }
        assertThat(sigV2Compared).isGreaterThan(CASES / 4);
    }

    @Test
    void aVerifiedSignature_survivesReencoding_andNothingElse() {
        Random random = new Random(SEED + 2);
        Instant t = PresignerTest.FIXED;
        SigV4Verifier verifier = SigV4Verifier.s3Defaults();
        for (int i = 0; i < 300; i++) {
            List<Param> params = generate(random);
            SimpleHttpRequest signed = SigV4VerifierTest.sign(SimpleHttpRequest.builder().method("GET")
                    .rawPath("/my-bucket/k").rawQuery(encode(params, random)).header("Host", PresignerTest.HOST)
                    .header("x-amz-date", SigV4.formatAmzDate(t)).header("x-amz-content-sha256", SigV4.EMPTY_BODY_SHA256)
                    .build(), t, List.of("host", "x-amz-content-sha256", "x-amz-date"));
            SimpleHttpRequest reencoded = signed.toBuilder().rawQuery(encode(params, random)).build();
            List<Param> changed = mutate(params, random);
            SimpleHttpRequest tampered = signed.toBuilder().rawQuery(encode(changed, random)).build();

            assertThat(verifier.verify(verifier.parse(reencoded, t), reencoded, PresignerTest.keyFor(t)).isVerified())
                    .as(reencoded.rawQuery()).isTrue();
            if (!sortedPairs(params).equals(sortedPairs(changed))) {
                assertThat(verifier.verify(verifier.parse(tampered, t), tampered, PresignerTest.keyFor(t)))
                        .as(tampered.rawQuery()).isInstanceOfSatisfying(Verification.Rejected.class,
                                r -> assertThat(r.failure()).isEqualTo(AuthFailure.SIGNATURE_MISMATCH));
            }
        }
    }

    private static List<String> view(QueryParameters parsed) {
        return parsed.all().stream().map(p -> p.hasValue() ? p.name() + '=' + p.value() : p.name()).toList();
    }

    private static List<Param> generate(Random random) {
        int n = random.nextInt(7);
        List<Param> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(4) == 0 && !params.isEmpty()
                    ? params.get(random.nextInt(params.size())).name() // a duplicate
                    : NAMES[random.nextInt(NAMES.length)];
            boolean hasValue = name.isEmpty() || random.nextInt(4) > 0; // an empty name needs '=' to exist
            params.add(new Param(name, hasValue ? randomValue(random) : "", hasValue));
        }
        return params;
    }

    private static String randomValue(Random random) {
        int length = random.nextInt(4) == 0 ? 0 : random.nextInt(12);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(VALUE_CHARS.charAt(random.nextInt(VALUE_CHARS.length())));
        }
        return out.toString();
    }

    private static List<Param> mutate(List<Param> params, Random random) {
        List<Param> out = new ArrayList<>(params);
        int choice = out.isEmpty() ? 0 : random.nextInt(6);
        int at = out.isEmpty() ? 0 : random.nextInt(out.size());
        switch (choice) {
            case 0 -> out.add(random.nextInt(out.size() + 1), new Param(NAMES[random.nextInt(NAMES.length)], randomValue(random), true));
            case 1 -> out.remove(at);
            case 2 -> out.set(at, new Param(out.get(at).name(), out.get(at).value() + "x", true));
            case 3 -> {
                Param p = out.get(at);
                String flipped = p.name().equals(p.name().toUpperCase()) ? p.name().toLowerCase() : p.name().toUpperCase();
                out.set(at, new Param(flipped.isEmpty() ? "u" : flipped, p.value(), true));
            }
            case 4 -> {
                // what a ';' split would have made of one parameter: two
                Param p = out.get(at);
                out.set(at, new Param(p.name(), p.value() + ";response-content-type=text/html", true));
            }
            default -> {
                Param p = out.get(at);
                out.set(at, new Param(p.name(), p.value(), true));
                out.add(at + 1, new Param("response-content-type", "text/html", true));
            }
        }
        return out;
    }

    /** One of the encodings a client may send of {@code params}. */
    private static String encode(List<Param> params, Random random) {
        StringBuilder out = new StringBuilder();
        for (Param p : params) {
            if (out.length() > 0 || random.nextInt(8) == 0) {
                out.append(random.nextInt(10) == 0 ? "&&" : "&");
            }
            out.append(encodeComponent(p.name(), true, random));
            if (p.hasValue()) {
                out.append('=').append(encodeComponent(p.value(), false, random));
            }
        }
        return out.toString();
    }

    private static String encodeComponent(String text, boolean isName, Random random) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean mustEscape = c >= 0x80 || c == '&' || c == '+' || c == '%' || c == '#' || (isName && c == '=');
            if (c == ' ' && random.nextBoolean()) {
                out.append('+');
            } else if (mustEscape || c == ' ' || random.nextInt(5) == 0) {
                String hex = String.format("%02X", (int) c);
                out.append('%').append(random.nextBoolean() ? hex : hex.toLowerCase());
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String sigV4Reference(List<Param> params) {
        return params.stream().map(p -> Map.entry(UriEncoding.encode(p.name(), false), UriEncoding.encode(p.value(), false)))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    private static String sigV2Reference(List<Param> params) {
        List<String> kept = subResources(params);
        return kept.isEmpty() ? "/b/k" : "/b/k?" + String.join("&", kept);
    }

    private static List<String> subResources(List<Param> params) {
        return params.stream().filter(p -> SigV2.SUB_RESOURCES.contains(p.name()))
                .sorted(Comparator.comparing(Param::name)).map(Param::toString).toList();
    }

    private static List<Map.Entry<String, String>> sortedPairs(List<Param> params) {
        return params.stream().map(p -> Map.entry(p.name(), p.value()))
                .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue())).toList();
    }
}
