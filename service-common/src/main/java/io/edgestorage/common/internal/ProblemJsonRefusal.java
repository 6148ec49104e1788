package io.edgestorage.common.internal;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.vertx.ext.web.RoutingContext;

/** The public port's 404 for services whose public protocol is problem+json. */
@DefaultBean
@ApplicationScoped
public class ProblemJsonRefusal implements PublicPortRefusal {

    @Override
    public void refuse(RoutingContext rc) {
        ListenerGuard.notFound(rc, "No such route");
    }
}
