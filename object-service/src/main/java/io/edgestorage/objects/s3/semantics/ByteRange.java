package io.edgestorage.objects.s3.semantics;

/**
 * One HTTP byte range resolved against an object size ({@code bytes=a-b}, {@code a-}, {@code -n}).
 * Syntactically invalid or multi-range headers are ignored (the whole object is served), as S3 does; a
 * valid range that starts at or past the end is unsatisfiable (416), however large its numbers are.
 */
public record ByteRange(long first, long last, boolean unsatisfiable) {

    private static final ByteRange UNSATISFIABLE = new ByteRange(0, 0, true);

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
        int dash = spec.indexOf('-');
        if (spec.contains(",") || dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        boolean wellFormed = (a.isEmpty() || digits(a)) && (b.isEmpty() || digits(b)) && !(a.isEmpty() && b.isEmpty());
        if (!wellFormed) {
            return null;
        }
        if (a.isEmpty()) {
            long suffix = value(b);
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1, false);
        }
        long first = value(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : value(b);
        if (last < first) {
            return null;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, size - 1), false);
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The number, or Long.MAX_VALUE when it is larger: still a valid position, just past any object's end. */
    private static long value(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
