package io.edgestorage.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A plain immutable {@link HttpRequestView}, for tests and for callers without an HTTP stack at hand. */
public final class SimpleHttpRequest implements HttpRequestView {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final QueryParameters query;

    private SimpleHttpRequest(Builder b) {
        this.method = Objects.requireNonNull(b.method, "method");
        this.rawPath = Objects.requireNonNull(b.rawPath, "rawPath");
        this.rawQuery = b.rawQuery;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        b.headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(copy);
        this.query = QueryParameters.parse(rawQuery);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this request, for deriving a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder().method(method).rawPath(rawPath).rawQuery(rawQuery);
        headers.forEach((k, v) -> b.headers.put(k, new ArrayList<>(v)));
        return b;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public QueryParameters query() {
        return query;
    }

    @Override
    public List<String> headers(String lowerCaseName) {
        return headers.getOrDefault(lowerCaseName, List.of());
    }

    @Override
    public Set<String> headerNames() {
        return headers.keySet();
    }

    @Override
    public String toString() {
        return method + ' ' + rawPath + (rawQuery == null ? "" : "?" + rawQuery) + ' ' + headers;
    }

    public static final class Builder {
        private String method;
        private String rawPath;
        private String rawQuery;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        public Builder rawPath(String rawPath) {
            this.rawPath = rawPath;
            return this;
        }

        public Builder rawQuery(String rawQuery) {
            this.rawQuery = rawQuery;
            return this;
        }

        /** Sets path and query from a request target such as {@code /bucket/key?a=b}. */
        public Builder target(String requestTarget) {
            int q = requestTarget.indexOf('?');
            this.rawPath = q < 0 ? requestTarget : requestTarget.substring(0, q);
            this.rawQuery = q < 0 ? null : requestTarget.substring(q + 1);
            return this;
        }

        /** Adds one value; the name is lower-cased. */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
            return this;
        }

        /** Replaces all values of a header (none: removes it). */
        public Builder setHeader(String name, String... values) {
            String key = name.toLowerCase(Locale.ROOT);
            headers.remove(key);
            for (String v : values) {
                header(key, v);
            }
            return this;
        }

        public SimpleHttpRequest build() {
            return new SimpleHttpRequest(this);
        }
    }
}
