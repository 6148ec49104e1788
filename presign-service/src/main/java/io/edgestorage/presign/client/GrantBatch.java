package io.edgestorage.presign.client;

import java.util.List;

/** The body of {@code POST /internal/v1/grants}: every grant of one batch, recorded by one statement. */
public record GrantBatch(List<IssuedGrant> grants) {
}
