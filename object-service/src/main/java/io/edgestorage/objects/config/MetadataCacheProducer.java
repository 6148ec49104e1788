package io.edgestorage.objects.config;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.edgestorage.objects.metadata.ChangeFeed;
import io.edgestorage.objects.metadata.MetadataCache;
import io.edgestorage.objects.metadata.ObjectRepository.Address;
import io.edgestorage.objects.metadata.ObjectRepository.Located;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;

/** The GET/HEAD metadata cache and the change feed that keeps it coherent (decision 011). */
@ApplicationScoped
public class MetadataCacheProducer {

    @Produces
    @Singleton
    MetadataCache<Address, Located> metadataCache(ObjectServiceConfig config, MeterRegistry registry) {
        MetadataCache<Address, Located> cache = new MetadataCache<>(config.metadataCache().entries());
        FunctionCounter.builder("edge.metadata.cache.lookups", cache, MetadataCache::hits).tag("result", "hit")
                .description("GET/HEAD lookups answered from the metadata cache").register(registry);
        FunctionCounter.builder("edge.metadata.cache.lookups", cache, MetadataCache::misses).tag("result", "miss")
                .description("GET/HEAD lookups sent to PostgreSQL").register(registry);
        Gauge.builder("edge.metadata.cache.entries", cache, MetadataCache::size).register(registry);
        Gauge.builder("edge.metadata.cache.serving", cache, c -> c.serving() ? 1 : 0)
                .description("1 while the cache may answer (listening, lease held, joined)").register(registry);
        return cache;
    }

    @Produces
    @Singleton
    ChangeFeed<Address> changeFeed(Vertx vertx, Pool pool, MetadataCache<Address, Located> cache,
            ObjectServiceConfig config,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        return new ChangeFeed<>(vertx, options, pool.getDelegate(), cache, config.metadataCache().lease(),
                Address::fromAnnouncement);
    }

    /** Listen from startup, not from the first request that needs the feed. */
    void start(@Observes StartupEvent event, ChangeFeed<Address> feed) {
    }

    void stop(@Disposes ChangeFeed<Address> feed) throws Exception {
        feed.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
    }
}
