package io.edgestorage.objects.repository;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** A JSON object column (as JSON or as text) as a map of strings. */
    static Map<String, String> map(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof String text && !text.equals("{}")) {
            value = new JsonObject(text);
        }
        if (value instanceof JsonObject json) {
            json.forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return out;
    }

    static JsonObject json(Map<String, String> map) {
        JsonObject json = new JsonObject();
        if (map != null) {
            map.forEach(json::put);
        }
        return json;
    }
}
