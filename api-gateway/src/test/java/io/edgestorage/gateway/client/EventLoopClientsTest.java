package io.edgestorage.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;

class EventLoopClientsTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachEventLoopKeepsItsOwnClient_andOtherThreadsShareOne() throws Exception {
        List<HttpClient> made = new CopyOnWriteArrayList<>();
        EventLoopClients clients = new EventLoopClients(() -> {
            HttpClient client = vertx.createHttpClient();
            made.add(client);
            return client;
        });
        Map<Thread, List<HttpClient>> seen = new ConcurrentHashMap<>();
        // Verticle instances get the event loops in turn (shared with whatever else made a context, so four
        // instances on two loops are sure to land on both).
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                seen.computeIfAbsent(Thread.currentThread(), t -> new CopyOnWriteArrayList<>())
                        .addAll(List.of(clients.current(), clients.current()));
                started.complete();
            }
        }, new DeploymentOptions().setInstances(4)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(seen).hasSize(2);
        List<HttpClient> perLoop = seen.values().stream().map(calls -> {
            assertThat(calls).as("the same loop always gets the same client").allMatch(c -> c == calls.get(0));
            return calls.get(0);
        }).toList();
        assertThat(perLoop.get(0)).as("two loops, two clients").isNotSameAs(perLoop.get(1));
        HttpClient offLoop = clients.current();
        assertThat(offLoop).isSameAs(clients.current()).isNotIn(perLoop);
        assertThat(made).hasSize(3);
        assertThat(clients.size()).isEqualTo(3);
    }
}
