package io.edgestorage.presign;

import java.time.Duration;

/**
 * Parses the Edge API's presign lifetimes: one or more {@code <n><unit>} parts with units {@code d},
 * {@code h}, {@code m}, {@code s} in that order, each at most once ({@code 90s}, {@code 15m},
 * {@code 1h}, {@code 2h30m}, {@code 7d}). The total must be positive and at most seven days, S3's cap
 * for a presigned URL. Pure and thread-safe.
 */
public final class Expiry {

    /** S3's maximum presigned URL lifetime. */
    public static final Duration MAX = Duration.ofDays(7);
    /** What the Edge API uses when {@code expires} is absent. */
    public static final Duration DEFAULT = Duration.ofHours(1);

    private static final String UNITS = "dhms";
    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
    // More digits than this cannot be a valid lifetime and would risk overflow.
    private static final int MAX_DIGITS = 9;

    private Expiry() {
    }

    /** Why a text is not an acceptable lifetime; each has its own problem code. */
    public enum Failure {
        MALFORMED("invalid-expires", "expires must look like 90s, 15m, 1h, 2h30m or 7d"),
        NOT_POSITIVE("expires-not-positive", "expires must be longer than zero"),
        TOO_LONG("expires-too-long", "expires must be at most 7d (604800 seconds)");

        private final String code;
        private final String message;

        Failure(String code, String message) {
            this.code = code;
            this.message = message;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }
    }

    /** Thrown by {@link #parse(String)}. */
    public static final class InvalidExpiry extends IllegalArgumentException {
        private final Failure failure;

        InvalidExpiry(Failure failure) {
            super(failure.message(), null);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    /**
     * @param text the lifetime, e.g. {@code 15m}; {@code null} means {@link #DEFAULT}
     * @return the lifetime, 1 s … 7 d
     * @throws InvalidExpiry when the text is malformed, zero or negative, or longer than 7 days
     */
    public static Duration parse(String text) {
        if (text == null) {
            return DEFAULT;
        }
        // No trim: the API's pattern has no whitespace, and " 1h" is as malformed as "1 h".
        if (text.startsWith("-")) {
            // "-1h" is well-formed apart from its sign: say what is wrong with it.
            if (text.length() > 1 && parseUnsigned(text.substring(1)) >= 0) {
                throw new InvalidExpiry(Failure.NOT_POSITIVE);
            }
            throw new InvalidExpiry(Failure.MALFORMED);
        }
        long seconds = parseUnsigned(text);
        if (seconds < 0) {
            throw new InvalidExpiry(Failure.MALFORMED);
        }
        if (seconds == 0) {
            throw new InvalidExpiry(Failure.NOT_POSITIVE);
        }
        if (seconds > MAX.getSeconds()) {
            throw new InvalidExpiry(Failure.TOO_LONG);
        }
        return Duration.ofSeconds(seconds);
    }

    /** Total seconds, or -1 when malformed. Over-long totals are returned as-is (no overflow: digits are capped). */
    private static long parseUnsigned(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long total = 0;
        int nextUnit = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > MAX_DIGITS || i == s.length()) {
                return -1;
            }
            int unit = UNITS.indexOf(s.charAt(i));
            if (unit < nextUnit) {
                // unknown unit, a repeated one, or units out of order ("30m2h")
                return -1;
            }
            total += Long.parseLong(s, start, i, 10) * UNIT_SECONDS[unit];
            nextUnit = unit + 1;
            i++;
        }
        return total;
    }
}
