package io.edgestorage.sigv4;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A raw query string split once into parameters, each kept raw (for lookups) and canonical (for
 * signing). Package-private: callers see only {@link SigV4#canonicalQuery}.
 */
final class QueryString {

    static final String SIGNATURE = "X-Amz-Signature";

    private static final QueryString EMPTY = new QueryString("", List.of());

    record Param(String rawName, String rawValue, String canonicalName, String canonicalValue)
            implements Comparable<Param> {
        @Override
        public int compareTo(Param o) {
            int byName = canonicalName.compareTo(o.canonicalName);
            return byName != 0 ? byName : canonicalValue.compareTo(o.canonicalValue);
        }

        String decodedValue() {
            return UriEncoding.decode(rawValue, true);
        }
    }

    // verify() needs the query parse() just split; remembering the last one per thread saves a second split.
    private static final ThreadLocal<QueryString> LAST = new ThreadLocal<>();

    private final String raw;
    private final List<Param> params;

    private QueryString(String raw, List<Param> params) {
        this.raw = raw;
        this.params = params;
    }

    /** Like {@link #parse}, but returns this thread's previous result if the raw query is the same. */
    static QueryString parseReusingLast(String rawQuery) {
        QueryString last = LAST.get();
        if (last != null && rawQuery != null && rawQuery.equals(last.raw)) {
            return last;
        }
        QueryString parsed = parse(rawQuery);
        LAST.set(parsed);
        return parsed;
    }

    static QueryString parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return EMPTY;
        }
        List<Param> params = new ArrayList<>(8);
        int start = 0;
        int n = rawQuery.length();
        while (start <= n) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                String rawName = (eq < 0 || eq > end) ? rawQuery.substring(start, end) : rawQuery.substring(start, eq);
                String rawValue = (eq < 0 || eq > end) ? "" : rawQuery.substring(eq + 1, end);
                params.add(new Param(rawName, rawValue, UriEncoding.canonicalize(rawName, false, true),
                        UriEncoding.canonicalize(rawValue, false, true)));
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        return new QueryString(rawQuery, params);
    }

    List<Param> params() {
        return params;
    }

    /** Every parameter whose canonical name equals {@code canonicalName}. */
    List<Param> all(String canonicalName) {
        List<Param> found = null;
        for (Param p : params) {
            if (p.canonicalName.equals(canonicalName)) {
                if (found == null) {
                    found = new ArrayList<>(1);
                }
                found.add(p);
            }
        }
        return found == null ? List.of() : found;
    }

    boolean contains(String canonicalName) {
        for (Param p : params) {
            if (p.canonicalName.equals(canonicalName)) {
                return true;
            }
        }
        return false;
    }

    /** The canonical query, optionally without every parameter named {@code excludedName}. */
    String canonical(String excludedName) {
        Param[] sorted = params.toArray(new Param[0]);
        Arrays.sort(sorted);
        StringBuilder out = new StringBuilder(256);
        for (Param p : sorted) {
            if (excludedName != null && p.canonicalName.equals(excludedName)) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p.canonicalName).append('=').append(p.canonicalValue);
        }
        return out.toString();
    }
}
