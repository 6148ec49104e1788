package io.edgestorage.presign.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * key-service's answer to {@code GET /internal/v1/presign-keys}: a derived signing key (hex kSigning)
 * for one date/region/service, never the secret. {@link #toString()} hides the key.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SigningKeyView(String accessKeyId, String accountId, String status, Integer keyVersion,
        String date, String region, String service, String signingKey) {

    @Override
    public String toString() {
        return "SigningKeyView[accessKeyId=" + accessKeyId + ", accountId=" + accountId + ", status=" + status
                + ", keyVersion=" + keyVersion + ", date=" + date + ", region=" + region + ", service=" + service
                + ", signingKey=<redacted>]";
    }
}
