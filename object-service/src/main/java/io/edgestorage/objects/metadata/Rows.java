package io.edgestorage.objects.metadata;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.edgestorage.objects.ContentHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/** Row mapping helpers shared by the repositories. */
final class Rows {

    private Rows() {
    }

    static ContentHeaders headers(Row row) {
        return new ContentHeaders(row.getString("content_type"), row.getString("content_disposition"),
                row.getString("content_encoding"), row.getString("content_language"), row.getString("cache_control"),
                row.getString("expires"));
    }

    static Map<String, String> map(Row row, String column) {
        return map(row.getValue(column));
    }

    /**
     * A JSON object column (as JSON or as text) as a map of strings. Text is parsed on first use: most
     * GETs never look at an object's checksums, and parsing them cost about 1 % of a small GET.
     */
    static Map<String, String> map(Object value) {
        if (value instanceof String text) {
            return text.equals("{}") ? new LinkedHashMap<>() : new LazyJsonMap(text);
        }
        return value instanceof JsonObject json ? toMap(json) : new LinkedHashMap<>();
    }

    private static Map<String, String> toMap(JsonObject json) {
        Map<String, String> out = new LinkedHashMap<>();
        json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        return out;
    }

    /**
     * A read-only map parsed from JSON text when first read. Not synchronized: two threads racing parse the
     * same text twice, and the unmodifiable wrapper's final field publishes the parsed map safely.
     */
    private static final class LazyJsonMap extends AbstractMap<String, String> {
        private final String text;
        private Map<String, String> parsed;

        LazyJsonMap(String text) {
            this.text = text;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            if (parsed == null) {
                parsed = Collections.unmodifiableMap(toMap(new JsonObject(text)));
            }
            return parsed.entrySet();
        }
    }

    static JsonObject json(Map<String, String> map) {
        JsonObject json = new JsonObject();
        if (map != null) {
            map.forEach(json::put);
        }
        return json;
    }
}
