package io.edgestorage.sigv4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one reading of a raw query string, shared by signature verification (SigV4 and SigV2) and by the
 * service that acts on the request, so both always see the same parameters.
 *
 * <p>As S3 reads a query: split on {@code &} only ({@code ;} is an ordinary character), each name and
 * value split at the first {@code =} and percent-decoded once ({@code +} is a space). Names match in
 * their exact case ({@code UPLOADS} is not {@code uploads}). A name is what a service dispatches on, so
 * {@code response%2Dcontent%2Dtype} <em>is</em> {@code response-content-type}: the signature must cover
 * it under that name. Empty segments ({@code a&&b}) carry no parameter; a segment with an empty name
 * ({@code =x}) is a parameter named {@code ""}, signed like any other and dispatched on by nothing.
 *
 * <p>Values are decoded on first use and remembered, so a presigned request decodes its signature values
 * once. Immutable once built; thread-safe (the lazily filled fields are idempotent).
 */
public final class QueryParameters {

    private static final QueryParameters EMPTY = new QueryParameters(null, List.of());

    /** One {@code name[=value]} segment of the query. */
    public static final class Parameter implements Comparable<Parameter> {
        private final String rawName;
        private final String rawValue;
        private final boolean hasValue;
        private final String name;
        private String value;
        private String canonicalName;
        private String canonicalValue;

        Parameter(String rawName, String rawValue, boolean hasValue) {
            this.rawName = rawName;
            this.rawValue = rawValue;
            this.hasValue = hasValue;
            this.name = UriEncoding.decode(rawName, true);
        }

        /** The name as sent, still percent-encoded. */
        public String rawName() {
            return rawName;
        }

        /** The value as sent, still percent-encoded; empty when there is none. */
        public String rawValue() {
            return rawValue;
        }

        /** True when the segment had {@code =} ({@code uploads=} rather than {@code uploads}). */
        public boolean hasValue() {
            return hasValue;
        }

        /** The decoded name: what a service dispatches on. */
        public String name() {
            return name;
        }

        /** The decoded value; empty when there is none. */
        public String value() {
            String v = value;
            if (v == null) {
                v = UriEncoding.decode(rawValue, true);
                value = v;
            }
            return v;
        }

        /** The SigV4 canonical form of the name: the decoded name encoded once. */
        String canonicalName() {
            String c = canonicalName;
            if (c == null) {
                c = UriEncoding.canonicalize(rawName, false, true);
                canonicalName = c;
            }
            return c;
        }

        String canonicalValue() {
            String c = canonicalValue;
            if (c == null) {
                c = UriEncoding.canonicalize(rawValue, false, true);
                canonicalValue = c;
            }
            return c;
        }

        @Override
        public int compareTo(Parameter o) {
            int byName = canonicalName().compareTo(o.canonicalName());
            return byName != 0 ? byName : canonicalValue().compareTo(o.canonicalValue());
        }

        @Override
        public String toString() {
            return hasValue ? name + '=' + value() : name;
        }
    }

    private final String raw;
    private final List<Parameter> parameters;

    private QueryParameters(String raw, List<Parameter> parameters) {
        this.raw = raw;
        this.parameters = parameters;
    }

    /** Splits and decodes {@code rawQuery} (without {@code ?}; null or empty for none). Never throws. */
    public static QueryParameters parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return EMPTY;
        }
        List<Parameter> params = new ArrayList<>(8);
        int start = 0;
        int n = rawQuery.length();
        while (start <= n) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String rawName = hasValue ? rawQuery.substring(start, eq) : rawQuery.substring(start, end);
                params.add(new Parameter(rawName, hasValue ? rawQuery.substring(eq + 1, end) : "", hasValue));
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return new QueryParameters(rawQuery, List.copyOf(params));
    }

    /** The query exactly as sent; null when there was none. */
    public String raw() {
        return raw;
    }

    /** Every parameter, in the order sent. */
    public List<Parameter> all() {
        return parameters;
    }

    /** True when no parameter was sent. */
    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    /** True when a parameter has exactly this decoded name. */
    public boolean contains(String name) {
        for (Parameter p : parameters) {
            if (p.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** How many parameters have exactly this decoded name. */
    public int count(String name) {
        int count = 0;
        for (Parameter p : parameters) {
            if (p.name.equals(name)) {
                count++;
            }
        }
        return count;
    }

    /** The decoded value of the first parameter with this name, or null. */
    public String first(String name) {
        for (Parameter p : parameters) {
            if (p.name.equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    /** Every parameter with this decoded name, in the order sent. */
    public List<Parameter> all(String name) {
        List<Parameter> found = null;
        for (Parameter p : parameters) {
            if (p.name.equals(name)) {
                if (found == null) {
                    found = new ArrayList<>(1);
                }
                found.add(p);
            }
        }
        return found == null ? List.of() : found;
    }

    /** The decoded names, in the order sent (a repeated name repeats). */
    public List<String> names() {
        List<String> names = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            names.add(p.name);
        }
        return names;
    }

    /**
     * The SigV4 canonical query, optionally without every parameter named {@code excludedName}: sorted by
     * canonical name then value, {@code name=value} joined by {@code &}. Canonical forms are the decoded
     * forms encoded once, so two queries canonicalise alike exactly when they decode alike.
     */
    String canonical(String excludedName) {
        if (parameters.isEmpty()) {
            return "";
        }
        Parameter[] sorted = parameters.toArray(new Parameter[0]);
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder(256);
        for (Parameter p : sorted) {
            if (excludedName != null && p.name.equals(excludedName)) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p.canonicalName()).append('=').append(p.canonicalValue());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return parameters.toString();
    }
}
