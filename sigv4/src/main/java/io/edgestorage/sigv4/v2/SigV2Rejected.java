package io.edgestorage.sigv4.v2;

import java.util.Objects;

import io.edgestorage.sigv4.AuthFailure;

/** A SigV2 request refused before any key is needed. */
public record SigV2Rejected(AuthFailure failure, String message) implements SigV2ParseResult {

    public SigV2Rejected {
        Objects.requireNonNull(failure, "failure");
        message = message == null ? failure.message() : message;
    }
}
