package io.edgestorage.objects.auth;

import java.time.Clock;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.config.ObjectServiceConfig;
import io.edgestorage.sigv4.AuthFailure;
import io.edgestorage.sigv4.AuthLocation;
import io.edgestorage.sigv4.AuthScheme;
import io.edgestorage.sigv4.HttpRequestView;
import io.edgestorage.sigv4.ParsedAuth;
import io.edgestorage.sigv4.ParsedSigV4Auth;
import io.edgestorage.sigv4.SigV4;
import io.edgestorage.sigv4.SigV4Verifier;
import io.edgestorage.sigv4.SigningKey;
import io.edgestorage.sigv4.Verification;
import io.edgestorage.sigv4.v2.SigV2Auth;
import io.edgestorage.sigv4.v2.SigV2ParseResult;
import io.edgestorage.sigv4.v2.SigV2Rejected;
import io.edgestorage.sigv4.v2.SigV2Verifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.vertx.UniHelper;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Authenticates an S3 request: SigV4 (header or query) in two steps around an asynchronous key lookup,
 * or SigV2 (header or query) whose HMAC key-service checks. A request with no signature of any kind is
 * {@link AuthContext#ANONYMOUS}: the router admits it only to reads of a public-read bucket.
 */
@ApplicationScoped
public class Authenticator {

    private final SigV4Verifier v4;
    private final SigV2Verifier v2 = new SigV2Verifier();
    private final KeyResolver keys;
    private final KeyServiceClient keyService;
    private final String internalToken;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public Authenticator(ObjectServiceConfig config, KeyResolver keys, @RestClient KeyServiceClient keyService,
            @ConfigProperty(name = "edge.internal.token") String internalToken) {
        this.v4 = SigV4Verifier.builder().regions(Set.of(config.s3().region())).build();
        this.keys = keys;
        this.keyService = keyService;
        this.internalToken = internalToken;
    }

    /**
     * On plain Vert.x futures: the GET path runs without Mutiny, whose operators capture and restore the
     * request context at every step (a tenth of a small GET's CPU in a profile).
     *
     * @param hostBucket the bucket the Host header names (virtual-host style), or null: SigV2 signs it as the
     *                   start of the resource, so a URL signed for one bucket fails against another
     */
    public Future<AuthContext> authenticate(HttpRequestView request, String hostBucket) {
        AuthScheme scheme = AuthScheme.detect(request);
        if (scheme == AuthScheme.ANONYMOUS) {
            return Future.succeededFuture(AuthContext.ANONYMOUS);
        }
        if (scheme == AuthScheme.SIGV2_HEADER || scheme == AuthScheme.SIGV2_QUERY) {
            return UniHelper.toFuture(sigV2(request, hostBucket));
        }
        ParsedAuth parsed = v4.parse(request, clock.instant());
        if (parsed instanceof Verification.Rejected rejected) {
            return Future.failedFuture(refusal(rejected));
        }
        ParsedSigV4Auth auth = (ParsedSigV4Auth) parsed;
        SigningKey replaced = keys.replacedKey(auth.accessKeyId(), auth.scope());
        if (replaced != null && v4.verify(auth, request, replaced).isVerified()) {
            // Signed with the secret a rotation just replaced: refused now, as it will be once the new
            // key is in, rather than after waiting for key-service.
            return Future.failedFuture(signedWithReplacedSecret(auth, request));
        }
        Promise<AuthContext> verified = Promise.promise();
        keys.resolve(auth.accessKeyId(), auth.scope()).subscribe().with(key -> {
            Verification result = v4.verify(auth, request, key.signingKey());
            if (result instanceof Verification.Rejected rejected) {
                verified.fail(refusal(rejected));
            } else {
                verified.complete(new AuthContext(key.accessKeyId(), key.accountId(),
                        auth.location() == AuthLocation.QUERY, (Verification.Verified) result, key.signingKey()));
            }
        }, verified::fail);
        return verified.future();
    }

    private S3Exception signedWithReplacedSecret(ParsedSigV4Auth auth, HttpRequestView request) {
        String canonicalRequest = v4.canonicalRequest(auth, request);
        return refusal(new Verification.Rejected(AuthFailure.SIGNATURE_MISMATCH, null, canonicalRequest,
                SigV4.stringToSign(auth.amzDate(), auth.scope(), canonicalRequest)));
    }

    private Uni<AuthContext> sigV2(HttpRequestView request, String hostBucket) {
        SigV2ParseResult parsed = v2.parse(request, hostBucket, clock.instant());
        if (parsed instanceof SigV2Rejected rejected) {
            return Uni.createFrom().failure(new S3Exception(rejected.failure(), rejected.message()));
        }
        SigV2Auth auth = (SigV2Auth) parsed;
        if (!KeyResolver.isWellFormed(auth.accessKeyId())) {
            // not an id key-service can have made: refused without asking it
            return Uni.createFrom().failure(S3Error.INVALID_ACCESS_KEY_ID.exception());
        }
        return askKeyService(auth, auth.stringToSign())
                .flatMap(verdict -> verdict.valid() || auth.bucketVariant() == null ? Uni.createFrom().item(verdict)
                        // a bucket request signed over the other form of its resource (/bucket/ for /bucket), as S3 accepts
                        : askKeyService(auth, auth.bucketVariant()))
                .map(verdict -> {
                    if (!verdict.valid() || verdict.accountId() == null) {
                        throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception()
                                .with("AWSAccessKeyId", auth.accessKeyId())
                                .with("StringToSign", auth.stringToSign());
                    }
                    return new AuthContext(auth.accessKeyId(), verdict.accountId(),
                            auth.location() == AuthLocation.QUERY, null, null);
                });
    }

    private Uni<KeyServiceClient.SigV2VerifyResponse> askKeyService(SigV2Auth auth, String stringToSign) {
        return keyService
                .verifySigV2(internalToken,
                        new KeyServiceClient.SigV2VerifyRequest(auth.accessKeyId(), stringToSign, auth.signature()))
                .onFailure().transform(e -> {
                    if (e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse() != null
                            && w.getResponse().getStatus() == 404) {
                        return S3Error.INVALID_ACCESS_KEY_ID.exception();
                    }
                    return S3Error.SERVICE_UNAVAILABLE.exception("Access keys cannot be verified right now; try again shortly.");
                });
    }

    /**
     * A sigv4 refusal as the client sees it: its own code, status and message; a signature mismatch also
     * carries what was signed (the sigv4 module sets both only then), as S3's error document does.
     */
    static S3Exception refusal(Verification.Rejected rejected) {
        return new S3Exception(rejected.failure(), rejected.message())
                .with("StringToSign", rejected.stringToSign())
                .with("CanonicalRequest", rejected.canonicalRequest());
    }
}
