package io.edgestorage.common.internal;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

/**
 * The second HTTP server of every service: {@code /internal/**} and {@code /q/**} are answered here and
 * nowhere else ({@link ListenerGuard} refuses them on the public port). Its handler is the application's own
 * router, so Quarkus REST resources, Vert.x routes, filters, health and metrics behave exactly as on the main
 * server; only the socket differs, which a Kubernetes Service and NetworkPolicy can keep inside the cluster.
 * Quarkus' management interface would serve only management routes, not the REST resources of the internal
 * API (decision 012).
 */
@ApplicationScoped
public class InternalListener {

    private static final Logger LOG = Logger.getLogger(InternalListener.class);

    private final int configuredPort;
    private final String host;
    private final int publicPort;
    private final boolean accessLog;
    /**
     * Vert.x binds one random port for every server listening on the same negative number; Quarkus' main server
     * uses -1 for its random test port, so the internal listener takes a number of its own.
     */
    static final int SHARED_RANDOM_PORT = -9180;

    private volatile Router router;
    private volatile int port = -1;
    private volatile String deploymentId;

    public InternalListener(@ConfigProperty(name = "edge.internal-http.port") int configuredPort,
            @ConfigProperty(name = "edge.internal-http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int publicPort,
            @ConfigProperty(name = "quarkus.http.access-log.enabled") boolean accessLog) {
        this.configuredPort = configuredPort;
        this.host = host;
        this.publicPort = publicPort;
        this.accessLog = accessLog;
    }

    void capture(@Observes Router router) {
        this.router = router;
    }

    void start(@Observes @Priority(1) StartupEvent event, Vertx vertx) throws Exception {
        requireDistinctPorts(configuredPort, publicPort);
        // One server per event loop sharing one socket, as Quarkus does for its main server, so internal calls
        // are spread over every event loop. Servers share a socket only when given the same port number: a
        // random port (0, in tests) is asked for as SHARED_RANDOM_PORT, which Vert.x binds once for all of them.
        int instances = Math.max(1, 2 * Runtime.getRuntime().availableProcessors());
        int listenOn = configuredPort == 0 ? SHARED_RANDOM_PORT : configuredPort;
        Promise<Integer> first = Promise.promise();
        String firstId = vertx.deployVerticle(new Listener(listenOn, first)).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        int actual = first.future().toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
        String othersId = instances == 1 ? null
                : vertx.deployVerticle(() -> new Listener(listenOn, Promise.promise()),
                        new DeploymentOptions().setInstances(instances - 1)).toCompletionStage()
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
        this.port = actual;
        this.deploymentId = firstId + (othersId == null ? "" : "," + othersId);
        LOG.infof("Internal API, health and metrics listening on http://%s:%d", host, actual);
    }

    void stop(@Observes ShutdownEvent event, Vertx vertx) {
        String ids = deploymentId;
        if (ids != null) {
            for (String id : ids.split(",")) {
                vertx.undeploy(id);
            }
        }
    }

    /** A misconfiguration that would make Vert.x share one socket between both servers, mixing their traffic. */
    static void requireDistinctPorts(int internalPort, int publicPort) {
        if (internalPort != 0 && internalPort == publicPort) {
            throw new IllegalStateException("edge.internal-http.port must differ from quarkus.http.port (both "
                    + internalPort + "): the internal API would be served on the public port");
        }
    }

    /** The port the internal server listens on (its actual one when configured as 0); -1 before start. */
    public int port() {
        return port;
    }

    /** Whether a request arrived on the internal server's socket. */
    public boolean received(HttpServerRequest request) {
        return port > 0 && request.localAddress() != null && request.localAddress().port() == port;
    }

    private final class Listener extends AbstractVerticle {
        private final int listenPort;
        private final Promise<Integer> bound;

        Listener(int listenPort, Promise<Integer> bound) {
            this.listenPort = listenPort;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            // Plain HTTP/1.1 answers to h2c offers, as on the main server (NoCleartextHttp2Upgrade).
            HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(listenPort)
                    .setHttp2ClearTextEnabled(false);
            vertx.createHttpServer(options)
                    // Quarkus' access log reads the request through its wrapper; without the log none is needed.
                    .requestHandler(accessLog ? request -> router.handle(new QuarkusRequestWrapper(request, null))
                            : router)
                    .listen().onSuccess(server -> {
                        bound.tryComplete(server.actualPort());
                        started.complete();
                    }).onFailure(started::fail);
        }
    }
}
