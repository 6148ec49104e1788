package io.edgestorage.objects.s3;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.edgestorage.objects.s3.semantics.HeaderText;
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

    /** Values beyond ASCII as the text of their UTF-8 bytes, so a signature is checked over the bytes sent. */
    @Override
    public List<String> headers(String lowerCaseName) {
        List<String> values = request.headers().getAll(lowerCaseName);
        for (int i = 0; i < values.size(); i++) {
            String text = HeaderText.fromWire(values.get(i));
            if (text != values.get(i)) {
                values = new java.util.ArrayList<>(values);
                values.set(i, text);
            }
        }
        return values;
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
