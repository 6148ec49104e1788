package io.edgestorage.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Property: randomly mutating any signed element of a valid request (method, a path byte, a query name
 * or value, a signed header value, the date, the scope, the signature) always fails verification and
 * never throws. Fixed seed, bounded iterations.
 */
class SignatureFuzzTest {

    private static final Instant T = PresignerTest.FIXED;
    private static final SigningKey KEY = PresignerTest.keyFor(T);
    private static final SigV4Verifier VERIFIER = SigV4Verifier.s3Defaults();
    private static final int ITERATIONS = 3000;
    private static final String CHARS = "aZ09-_.~%+ /=&;!é\u0000\u00ff";

    @Test
    void anyMutationOfASignedElement_failsVerification_andNeverThrows() {
        Random random = new Random(20240501L);
        String url = new Presigner().presign(PresignRequest.builder().method("PUT").endpoint(PresignerTest.ENDPOINT)
                .bucket("my-bucket").key("dir/file name+1.txt").expiresSeconds(3600).timestamp(T)
                .accessKeyId(PresignerTest.ACCESS_KEY).signingKey(KEY).signedHeader("Content-Type", "text/plain")
                .queryParameter("response-content-disposition", "attachment").build());
        SimpleHttpRequest valid = PresignerTest.httpRequest("PUT", url, Map.of("Content-Type", "text/plain"));
        assertThat(VERIFIER.verify(VERIFIER.parse(valid, T), valid, KEY).isVerified()).isTrue();

        int mutated = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            SimpleHttpRequest request = mutate(valid, random);
            if (request == null) {
                continue; // the mutation happened to be a no-op
            }
            mutated++;
            Verification result = VERIFIER.verify(VERIFIER.parse(request, T.plusSeconds(60)), request, KEY);
            int iteration = i;
            assertThat(result.isVerified()).as(() -> "mutation " + iteration + ": " + request).isFalse();
        }
        assertThat(mutated).isGreaterThan(ITERATIONS * 9 / 10);
    }

    private static SimpleHttpRequest mutate(SimpleHttpRequest valid, Random random) {
        SimpleHttpRequest.Builder b = valid.toBuilder();
        switch (random.nextInt(7)) {
            case 0 -> b.method(random.nextBoolean() ? "GET" : "POST");
            case 1 -> {
                String path = valid.rawPath();
                int at = 1 + random.nextInt(path.length() - 1);
                String changed = path.substring(0, at) + randomChar(random) + path.substring(at + 1);
                if (SigV4.canonicalUri(changed).equals(SigV4.canonicalUri(path))) {
                    return null;
                }
                b.rawPath(changed);
            }
            case 2 -> {
                String[] params = valid.rawQuery().split("&");
                int which = random.nextInt(params.length);
                String p = params[which];
                int at = random.nextInt(p.length());
                params[which] = p.substring(0, at) + randomChar(random) + p.substring(at + 1);
                String query = String.join("&", params);
                if (SigV4.canonicalQuery(query, false).equals(SigV4.canonicalQuery(valid.rawQuery(), false))) {
                    return null;
                }
                b.rawQuery(query);
            }
            case 3 -> b.setHeader(random.nextBoolean() ? "Content-Type" : "Host",
                    random.nextBoolean() ? "text/html" : "x" + randomChar(random));
            case 4 -> b.rawQuery(valid.rawQuery().replace("X-Amz-Date=20240501T120000Z",
                    "X-Amz-Date=20240501T1200" + String.format("%02d", 1 + random.nextInt(59)) + "Z"));
            case 5 -> b.rawQuery(valid.rawQuery().replace(random.nextBoolean() ? "us-east-1" : "aws4_request",
                    random.nextBoolean() ? "us-east-2" : "x"));
            default -> {
                String signature = PresignerTest.signatureOf(valid.rawQuery());
                char[] chars = signature.toCharArray();
                int at = random.nextInt(chars.length);
                chars[at] = chars[at] == 'f' ? '0' : (char) (chars[at] == '9' ? 'a' : chars[at] + 1);
                b.rawQuery(valid.rawQuery().replace(signature, new String(chars)));
            }
        }
        return b.build();
    }

    private static String randomChar(Random random) {
        return String.valueOf(CHARS.charAt(random.nextInt(CHARS.length())));
    }
}
