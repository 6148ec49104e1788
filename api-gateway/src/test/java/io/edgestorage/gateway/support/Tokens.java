package io.edgestorage.gateway.support;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;

/** Makes bearer tokens for tests: opaque platform tokens known to the fake key-service, and JWTs. */
public final class Tokens {

    public static final String ALL_SCOPES = "storage:presign storage:buckets storage:keys storage:admin platform:admin";

    private Tokens() {
    }

    /** A fresh account id, so tests never share a rate-limit bucket. */
    public static String newAccount() {
        return "acct-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** An active opaque platform API token of {@code account} with {@code scope} (space-separated). */
    public static String platformToken(String account, String scope) {
        String token = "edge_" + UUID.randomUUID().toString().replace("-", "");
        FakeServices.TOKENS.put(token, new FakeServices.TokenInfo(tokenId(), account, scope, true));
        return token;
    }

    /** An opaque token key-service calls inactive (expired or revoked). */
    public static String inactiveToken(String account) {
        String token = "edge_" + UUID.randomUUID().toString().replace("-", "");
        FakeServices.TOKENS.put(token, new FakeServices.TokenInfo(tokenId(), account, ALL_SCOPES, false));
        return token;
    }

    private static String tokenId() {
        return "tok_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A JWT of the fake external provider. */
    public static String jwt(String account, String scope, Duration lifetime) {
        var builder = Jwt.issuer(FakeServices.ISSUER).subject("user-" + account).expiresAt(Instant.now().plus(lifetime))
                .issuedAt(Instant.now().minusSeconds(5));
        if (account != null) {
            builder.claim("account", account);
        }
        if (scope != null) {
            builder.claim("scope", scope);
        }
        return builder.jws().keyId("test-key").sign(FakeServices.jwtSigningKey());
    }
}
