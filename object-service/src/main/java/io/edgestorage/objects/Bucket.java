package io.edgestorage.objects;

import java.time.OffsetDateTime;

/** A bucket and the account that owns it. */
public record Bucket(String name, String accountId, OffsetDateTime createdAt) {
}
