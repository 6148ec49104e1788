package io.edgestorage.common.internal;

import java.util.Optional;

/**
 * Who may call an internal API. Each holds a credential of its own ({@code EDGE_INTERNAL_TOKEN_<NAME>}), so a
 * leaked or misused credential grants only what {@link InternalAccessPolicy} gives that caller.
 */
public enum InternalCaller {
    API_GATEWAY("api-gateway"),
    PRESIGN_SERVICE("presign-service"),
    OBJECT_SERVICE("object-service"),
    /** A person running maintenance calls (key-service's re-encrypt); optional, no service sends it. */
    OPERATOR("operator");

    private final String id;

    InternalCaller(String id) {
        this.id = id;
    }

    /** The name used in configuration ({@code edge.internal.callers.<id>.token}) and in logs. */
    public String id() {
        return id;
    }

    public static Optional<InternalCaller> byId(String id) {
        for (InternalCaller caller : values()) {
            if (caller.id.equals(id)) {
                return Optional.of(caller);
            }
        }
        return Optional.empty();
    }
}
