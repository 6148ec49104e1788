package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.support.FakeKeyService;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** GET/HEAD lookups always run generic plans; everything else keeps PostgreSQL's own choice (decision 010). */
@QuarkusTest
@QuarkusTestResource(FakeKeyService.class)
class LookupPoolTest {

    @Inject
    Pool pool;

    @Inject
    @ReactiveDataSource("lookup")
    Pool lookupPool;

    @Inject
    ObjectRepository objects;

    private static String planCacheMode(Pool p) {
        return p.query("SHOW plan_cache_mode").execute().await().atMost(Duration.ofSeconds(5))
                .iterator().next().getString(0);
    }

    @Test
    void lookupConnections_forceGenericPlans_andTheOthersDoNot() {
        assertThat(planCacheMode(lookupPool)).isEqualTo("force_generic_plan");
        assertThat(planCacheMode(pool)).isEqualTo("auto");
    }

    @Test
    void lookupOfAMissingBucket_answersNoBucketAndNoObject() {
        ObjectRepository.Located located = objects.locate("no-such-bucket-" + System.nanoTime(), "k")
                .toCompletionStage().toCompletableFuture().join();
        assertThat(located.bucket()).isNull();
        assertThat(located.object()).isNull();
    }
}
