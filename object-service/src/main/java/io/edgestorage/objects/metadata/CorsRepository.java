package io.edgestorage.objects.metadata;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.objects.CorsRule;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A bucket's CORS rules, one jsonb document per bucket. */
@ApplicationScoped
public class CorsRepository {

    private static final TypeReference<List<CorsRule>> RULES = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    public CorsRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The rules, or null when the bucket has no CORS configuration. */
    public Uni<List<CorsRule>> find(String bucket) {
        return pool.preparedQuery("SELECT rules FROM objects.cors_rules WHERE bucket = $1")
                .execute(Tuple.of(bucket))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Object value = rows.iterator().next().getValue("rules");
                    try {
                        return json.readValue(String.valueOf(value), RULES);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("stored CORS rules of " + bucket + " are unreadable", e);
                    }
                });
    }

    public Uni<Void> put(String bucket, List<CorsRule> rules) {
        JsonArray array;
        try {
            array = new JsonArray(json.writeValueAsString(rules));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return pool.preparedQuery("INSERT INTO objects.cors_rules (bucket, rules) VALUES ($1, $2) "
                + "ON CONFLICT (bucket) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()")
                .execute(Tuple.of(bucket, array)).replaceWithVoid();
    }

    public Uni<Boolean> delete(String bucket) {
        return pool.preparedQuery("DELETE FROM objects.cors_rules WHERE bucket = $1")
                .execute(Tuple.of(bucket)).map(r -> r.rowCount() > 0);
    }
}
