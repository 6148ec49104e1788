package io.edgestorage.common.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Ready only when every service this one calls answers its liveness probe. Upstreams are listed in
 * {@code edge.readiness.upstreams} as {@code name=url} pairs separated by commas; none means ready.
 */
@Readiness
@ApplicationScoped
public class UpstreamsReadinessCheck implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, String> upstreams;
    private final WebClient client;

    public UpstreamsReadinessCheck(Vertx vertx,
            @ConfigProperty(name = "edge.readiness.upstreams") Optional<List<String>> upstreams) {
        this.upstreams = parse(upstreams.orElse(List.of()));
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) TIMEOUT.toMillis()));
    }

    static Map<String, String> parse(List<String> entries) {
        var result = new java.util.LinkedHashMap<String, String>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("edge.readiness.upstreams entries are name=url, got: " + entry);
            }
            result.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return result;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("upstreams").up();
        if (upstreams.isEmpty()) {
            return Uni.createFrom().item(builder.build());
        }
        List<Uni<Boolean>> probes = upstreams.entrySet().stream().map(e -> probe(e.getValue())
                .invoke(up -> builder.withData(e.getKey(), up ? "UP" : "DOWN"))).toList();
        return Uni.join().all(probes).andCollectFailures()
                .map(results -> results.stream().allMatch(Boolean::booleanValue) ? builder.build()
                        : builder.down().build());
    }

    private Uni<Boolean> probe(String baseUrl) {
        return client.getAbs(baseUrl + "/q/health/live").timeout(TIMEOUT.toMillis()).send()
                .map(response -> response.statusCode() == 200)
                .onFailure().recoverWithItem(false);
    }
}
