package io.edgestorage.gateway.support;

import io.edgestorage.gateway.Route;

/** A concrete public path for each route template, with names and ids the upstream doubles accept. */
public final class RoutePaths {

    /** An id of the shape object-service gives grants (it answers any other as no grant). */
    public static final String GRANT_ID = "gr_abcdefghijklmnopqrstuvwxyz";
    public static final String BUCKET = "my-bucket";

    private RoutePaths() {
    }

    public static String concrete(Route route) {
        String id = route.template().startsWith("grants/") ? GRANT_ID : "AKIAEXAMPLE0000001";
        return route.publicPath().replace("{name}", BUCKET).replace("{id}", id);
    }
}
