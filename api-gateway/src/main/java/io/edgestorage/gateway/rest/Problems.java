package io.edgestorage.gateway.rest;

import io.edgestorage.common.problem.Problem;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/** Writes RFC 9457 problem+json answers from plain Vert.x routes. */
final class Problems {

    private Problems() {
    }

    static void send(RoutingContext rc, int status, String code, String title, String detail) {
        if (rc.response().ended()) {
            return;
        }
        Problem problem = Problem.of(status, code, title, detail).withInstance(rc.normalizedPath());
        rc.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }
}
