package io.edgestorage.presign.support;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import io.edgestorage.sigv4.ParsedAuth;
import io.edgestorage.sigv4.ParsedSigV4Auth;
import io.edgestorage.sigv4.SigV4Verifier;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.SimpleHttpRequest;
import io.edgestorage.sigv4.Verification;

/** Checks a presigned URL the way object-service will: with the sigv4 verifier and the key's secret. */
public final class UrlVerifier {

    private static final SigV4Verifier VERIFIER = SigV4Verifier.s3Defaults();

    private UrlVerifier() {
    }

    /** Verifies {@code url} used with {@code method} and {@code headers} at {@code now}, signed by {@code secret}. */
    public static Verification verify(String url, String method, Map<String, String> headers, String secret,
            Instant now) {
        URI uri = URI.create(url);
        SimpleHttpRequest.Builder request = SimpleHttpRequest.builder().method(method).rawPath(uri.getRawPath())
                .rawQuery(uri.getRawQuery())
                .header("host", uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        headers.forEach(request::header);
        SimpleHttpRequest built = request.build();
        ParsedAuth parsed = VERIFIER.parse(built, now);
        if (parsed instanceof Verification.Rejected rejected) {
            return rejected;
        }
        ParsedSigV4Auth auth = (ParsedSigV4Auth) parsed;
        return VERIFIER.verify(auth, built, SigningKey.derive(secret, auth.scope()));
    }
}
