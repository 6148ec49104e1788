package io.edgestorage.keys.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.edgestorage.keys.AccessKey;
import io.edgestorage.keys.Account;
import io.edgestorage.keys.ApiToken;
import io.edgestorage.keys.Scope;
import io.edgestorage.keys.service.SigningKeyService;

/** JSON shapes of the internal API (docs/internal-api.md). Secrets appear only in the *Issued records. */
public final class KeyDtos {

    private KeyDtos() {
    }

    public record CreateKeyRequest(String name) {
    }

    public record KeyView(String accessKeyId, String name, String status, int keyVersion, Instant createdAt,
            Instant rotatedAt, Instant lastUsedAt) {
        static KeyView of(AccessKey k) {
            return new KeyView(k.accessKeyId, k.name, k.status, k.keyVersion, k.createdAt, k.rotatedAt, k.lastUsedAt);
        }
    }

    public record KeyIssued(String accessKeyId, String secretAccessKey, String name, String status, int keyVersion,
            Instant createdAt, Instant rotatedAt) {
        static KeyIssued of(AccessKey k, String secret) {
            return new KeyIssued(k.accessKeyId, secret, k.name, k.status, k.keyVersion, k.createdAt, k.rotatedAt);
        }

        @Override
        public String toString() {
            return "KeyIssued[" + accessKeyId + ", v" + keyVersion + ", secret=<redacted>]";
        }
    }

    public record CreateTokenRequest(String name, List<String> scopes, Object expiresIn) {
    }

    public record TokenView(String id, String name, List<String> scopes, Instant createdAt, Instant expiresAt,
            Instant lastUsedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id, t.name, Scope.split(t.scopes), t.createdAt, t.expiresAt, t.lastUsedAt);
        }
    }

    public record TokenIssued(String id, String token, String name, List<String> scopes, Instant createdAt,
            Instant expiresAt) {
        static TokenIssued of(ApiToken t, String value) {
            return new TokenIssued(t.id, value, t.name, Scope.split(t.scopes), t.createdAt, t.expiresAt);
        }

        @Override
        public String toString() {
            return "TokenIssued[" + id + ", token=<redacted>]";
        }
    }

    public record CreateAccountRequest(String id) {
    }

    public record AccountView(String id, Instant createdAt) {
        static AccountView of(Account a) {
            return new AccountView(a.id, a.createdAt);
        }
    }

    public record AccountCreated(String id, String token) {
        @Override
        public String toString() {
            return "AccountCreated[" + id + ", token=<redacted>]";
        }
    }

    public record SigningKeyView(String accessKeyId, String accountId, String status, int keyVersion, String date,
            String region, String service, String signingKey) {
        static SigningKeyView of(SigningKeyService.Grant g) {
            return new SigningKeyView(g.key().accessKeyId, g.key().accountId, g.key().status, g.key().keyVersion,
                    g.scope().date(), g.scope().region(), g.scope().service(), g.signingKeyHex());
        }

        @Override
        public String toString() {
            return "SigningKeyView[" + accessKeyId + ", v" + keyVersion + ", signingKey=<redacted>]";
        }
    }

    public record SigV2Request(String accessKeyId, String stringToSign, String signature) {
    }

    public record SigV2Answer(boolean valid, String accountId, int keyVersion, String status) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IntrospectionAnswer(boolean active, String scope, String sub, Long exp, Long iat,
            @JsonProperty("client_id") String clientId,
            String username,
            @JsonProperty("token_type") String tokenType) {
        static final IntrospectionAnswer INACTIVE = new IntrospectionAnswer(false, null, null, null, null, null, null, null);
    }
}
