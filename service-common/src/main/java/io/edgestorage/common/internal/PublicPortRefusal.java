package io.edgestorage.common.internal;

import io.vertx.ext.web.RoutingContext;

/**
 * How the public port answers a request for {@code /internal/**} or {@code /q/**}: a 404 in the format of the
 * public protocol, never a hint that such a route exists elsewhere. problem+json unless a service speaks
 * another protocol there (object-service: S3 XML).
 */
public interface PublicPortRefusal {

    void refuse(RoutingContext rc);
}
