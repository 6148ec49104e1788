package io.edgestorage.objects.s3;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.edgestorage.sigv4.HttpRequestView;
import io.edgestorage.sigv4.QueryParameters;
import io.vertx.core.http.HttpServerRequest;

/** The sigv4 module's view of a Vert.x request: raw path and query exactly as sent. */
final class VertxRequestView implements HttpRequestView {

    private final HttpServerRequest request;
    private Set<String> names;
    private QueryParameters query;

    public VertxRequestView(HttpServerRequest request) {
        this.request = request;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String rawPath() {
        return request.path();
    }

    @Override
    public String rawQuery() {
        return request.query();
    }

    /** Parsed once per request: the verifiers and the dispatch read this same instance. */
    @Override
    public QueryParameters query() {
        if (query == null) {
            query = QueryParameters.parse(request.query());
        }
        return query;
    }

    @Override
    public List<String> headers(String lowerCaseName) {
        return request.headers().getAll(lowerCaseName);
    }

    @Override
    public Set<String> headerNames() {
        if (names == null) {
            Set<String> out = new HashSet<>();
            for (String name : request.headers().names()) {
                out.add(name.toLowerCase(Locale.ROOT));
            }
            names = out;
        }
        return names;
    }
}
