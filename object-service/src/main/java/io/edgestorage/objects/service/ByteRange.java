package io.edgestorage.objects.service;

/**
 * One HTTP byte range resolved against an object size ({@code bytes=a-b}, {@code a-}, {@code -n}).
 * Syntactically invalid or multi-range headers are ignored (the whole object is served), as S3 does.
 */
public record ByteRange(long first, long last, boolean unsatisfiable) {

    public long length() {
        return last - first + 1;
    }

    /** The range, null when the header is to be ignored. */
    public static ByteRange parse(String header, long size) {
        String h = header.trim();
        if (!h.startsWith("bytes=")) {
            return null;
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    return new ByteRange(0, 0, true);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1, false);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                return new ByteRange(0, 0, true);
            }
            return new ByteRange(first, Math.min(last, size - 1), false);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
