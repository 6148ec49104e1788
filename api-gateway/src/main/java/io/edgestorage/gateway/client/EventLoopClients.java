package io.edgestorage.gateway.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClient;

/**
 * One {@link HttpClient} per event-loop thread. Vert.x's connection pool hands a request the most recently
 * used free connection, whichever event loop owns it; a connection of another loop costs two thread hops
 * per call (the write is queued to its loop, the answer is queued back) and an eventfd wake-up each. A
 * client per loop keeps every connection it opens on that loop. Calls from other threads share one client.
 */
final class EventLoopClients {

    private final Supplier<HttpClient> factory;
    private final Map<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();
    private final HttpClient offLoop;

    EventLoopClients(Supplier<HttpClient> factory) {
        this.factory = factory;
        this.offLoop = factory.get();
    }

    /** The client of the calling event loop (the shared one off event loops). */
    HttpClient current() {
        if (!Context.isOnEventLoopThread()) {
            return offLoop;
        }
        HttpClient client = byLoop.get(Thread.currentThread());
        return client != null ? client : byLoop.computeIfAbsent(Thread.currentThread(), t -> factory.get());
    }

    /** Clients made so far, the shared one included. */
    int size() {
        return byLoop.size() + 1;
    }
}
