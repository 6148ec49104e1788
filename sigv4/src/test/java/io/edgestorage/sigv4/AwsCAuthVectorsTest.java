package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every aws-c-auth v4 case that applies to S3, header and query variants: canonical request, string to
 * sign and signature must equal the vectors, and the verifier must accept the signed request.
 *
 * <p>Left out, because S3 does not do what they test: the {@code *-normalized} twins of the unnormalised
 * cases (S3 never normalises paths) and the {@code post-sts-header-*} cases whose session token is added
 * after signing (S3 signs every parameter it is sent).
 */
class AwsCAuthVectorsTest {

    private static final String ROOT = "aws-c-auth-signing-test-suite/v4/";
    private static final List<String> CASES = List.of(
            "get-header-key-duplicate", "get-header-value-multiline", "get-header-value-order", "get-header-value-trim",
            "get-relative-relative-unnormalized", "get-relative-unnormalized", "get-slash-dot-slash-unnormalized",
            "get-slash-pointless-dot-unnormalized", "get-slash-unnormalized", "get-slashes-unnormalized",
            "get-space-unnormalized", "get-unreserved", "get-utf8", "get-vanilla", "get-vanilla-empty-query-key",
            "get-vanilla-query", "get-vanilla-query-order-encoded", "get-vanilla-query-order-key-case",
            "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "get-vanilla-with-session-token",
            "post-header-key-case", "post-header-key-sort", "post-header-value-case", "post-vanilla",
            "post-vanilla-empty-query-value", "post-vanilla-query", "post-x-www-form-urlencoded",
            "post-x-www-form-urlencoded-parameters");
    private static final Set<String> NOT_FOR_S3 = Set.of(
            "get-relative-normalized", "get-relative-relative-normalized", "get-slash-dot-slash-normalized",
            "get-slash-normalized", "get-slash-pointless-dot-normalized", "get-slashes-normalized",
            "get-space-normalized", "post-sts-header-after", "post-sts-header-before");

    // Generic SigV4 services (the vectors use service "service") do not require x-amz-content-sha256.
    private static final SigV4Verifier VERIFIER = SigV4Verifier.builder().service("service")
            .requireContentSha256(false).build();

    static Stream<String> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void headerSignedRequest_matchesVectorAndVerifies(String name) {
        check(name, "header");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void querySignedRequest_matchesVectorAndVerifies(String name) {
        check(name, "query");
    }

    @Test
    void everyVectorCase_isEitherCoveredOrExplicitlyNotForS3() throws Exception {
        Path root = Path.of(AwsCAuthVectorsTest.class.getResource("/vectors/" + ROOT).toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            Set<String> all = dirs.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            Set<String> accounted = new HashSet<>(CASES);
            accounted.addAll(NOT_FOR_S3);
            assertThat(accounted).isEqualTo(all);
        }
    }

    private static void check(String name, String variant) {
        String dir = ROOT + name + "/";
        String context = VectorFiles.text(dir + "context.json");
        String secret = jsonString(context, "secret_access_key");
        Instant timestamp = Instant.parse(jsonString(context, "timestamp"));
        VectorFiles.RawRequest raw = VectorFiles.parseRequest(VectorFiles.text(dir + variant + "-signed-request.txt"));
        SimpleHttpRequest request = raw.request();

        ParsedAuth parsed = VERIFIER.parse(request, timestamp.plusSeconds(1));
        assertThat(parsed).as("parse %s", name).isInstanceOf(ParsedSigV4Auth.class);
        // These vectors sign the body hash even in query auth, where S3 signs UNSIGNED-PAYLOAD.
        ParsedSigV4Auth auth = ((ParsedSigV4Auth) parsed).withPayloadHash(SigV4.sha256Hex(raw.body()));

        String canonicalRequest = VERIFIER.canonicalRequest(auth, request);
        assertThat(canonicalRequest).isEqualTo(VectorFiles.text(dir + variant + "-canonical-request.txt"));
        String stringToSign = SigV4.stringToSign(auth.amzDate(), auth.scope(), canonicalRequest);
        assertThat(stringToSign).isEqualTo(VectorFiles.text(dir + variant + "-string-to-sign.txt"));

        SigningKey key = SigningKey.derive(secret, auth.scope());
        assertThat(key.signHex(stringToSign)).isEqualTo(VectorFiles.text(dir + variant + "-signature.txt").trim());
        assertThat(VERIFIER.verify(auth, request, key).isVerified()).isTrue();
    }

    private static String jsonString(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException(field);
        }
        return m.group(1);
    }
}
