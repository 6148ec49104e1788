package io.edgestorage.presign;

import java.util.Locale;

/** What a presigned URL lets its holder do, and the HTTP method it is signed for. */
public enum Action {
    DOWNLOAD("GET"),
    UPLOAD("PUT");

    private final String method;

    Action(String method) {
        this.method = method;
    }

    public String method() {
        return method;
    }

    /** {@code null} for a name that is not an action; matching ignores case. */
    public static Action fromName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "download" -> DOWNLOAD;
            case "upload" -> UPLOAD;
            default -> null;
        };
    }
}
