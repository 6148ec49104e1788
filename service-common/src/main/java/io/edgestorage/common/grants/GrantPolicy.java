package io.edgestorage.common.grants;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a grant lets its URL do beyond what SigV4 signs, carried in the URL as signed query parameters so
 * the data plane needs no lookup and no holder can edit it (any change breaks the signature). presign-service
 * writes them ({@link #toQueryParameters()}); object-service reads them ({@link #fromQuery(Function)}).
 *
 * @param grantId      the grant's id ({@code gr_} and 26 base-32 characters)
 * @param maxBytes     largest upload body in bytes, or {@link #UNLIMITED}
 * @param contentTypes media types an upload may declare, or an empty list for any
 * @param overwrite    false: an upload must not replace an existing object
 * @param uses         how many requests the URL allows, or {@link #UNLIMITED}
 */
public record GrantPolicy(String grantId, long maxBytes, List<MediaRange> contentTypes, boolean overwrite, long uses) {

    public static final long UNLIMITED = -1;
    /** S3's largest single PUT. */
    public static final long MAX_BYTES_LIMIT = 5L * 1024 * 1024 * 1024;
    public static final long MAX_USES = 1_000_000;
    public static final int MAX_CONTENT_TYPES = 16;

    public static final String PREFIX = "X-Edge-";
    public static final String GRANT = "X-Edge-Grant";
    public static final String MAX_BYTES = "X-Edge-Max-Bytes";
    public static final String CONTENT_TYPES = "X-Edge-Content-Types";
    public static final String OVERWRITE = "X-Edge-Overwrite";
    public static final String USES = "X-Edge-Uses";
    private static final List<String> NAMES = List.of(GRANT, MAX_BYTES, CONTENT_TYPES, OVERWRITE, USES);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int ID_CHARS = 26;

    public GrantPolicy {
        contentTypes = List.copyOf(contentTypes);
    }

    /** A query parameter of a grant that is not what it must be; the name says which. */
    public static final class InvalidGrant extends IllegalArgumentException {
        private final String parameter;

        InvalidGrant(String parameter, String message) {
            super(parameter + ": " + message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** A new random grant id: 130 bits from a CSPRNG, so ids are not guessable. */
    public static String newGrantId() {
        byte[] bytes = new byte[17];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder("gr_");
        long buffer = 0;
        int bits = 0;
        int next = 0;
        while (id.length() < 3 + ID_CHARS) {
            if (bits < 5) {
                buffer = buffer << 8 | (bytes[next++] & 0xff);
                bits += 8;
            }
            id.append(BASE32[(int) (buffer >>> (bits - 5)) & 31]);
            bits -= 5;
        }
        return id.toString();
    }

    public static boolean isGrantId(String s) {
        if (s == null || s.length() != 3 + ID_CHARS || !s.startsWith("gr_")) {
            return false;
        }
        for (int i = 3; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '2' && c <= '7')) {
                return false;
            }
        }
        return true;
    }

    /** Whether a query parameter name is in the grant's namespace (any case), known or not. */
    public static boolean isGrantNamespace(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The parameters to sign into the URL; limits left at their defaults are not written. */
    public Map<String, String> toQueryParameters() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put(GRANT, grantId);
        if (maxBytes != UNLIMITED) {
            query.put(MAX_BYTES, Long.toString(maxBytes));
        }
        if (!contentTypes.isEmpty()) {
            List<String> texts = new ArrayList<>(contentTypes.size());
            contentTypes.forEach(range -> texts.add(range.toString()));
            query.put(CONTENT_TYPES, String.join(",", texts));
        }
        if (!overwrite) {
            query.put(OVERWRITE, "false");
        }
        if (uses != UNLIMITED) {
            query.put(USES, Long.toString(uses));
        }
        return query;
    }

    /**
     * The grant a request's query carries, or null when it carries none. Strict: an unknown {@code X-Edge-}
     * name, a limit without {@link #GRANT}, or a value that presign-service would never write is refused, so
     * that a replica never serves a URL under fewer limits than were signed.
     *
     * @param names  every query parameter name of the request
     * @param values the (single) value of a name; duplicates are the caller's to refuse before
     */
    public static GrantPolicy fromQuery(Iterable<String> names, Function<String, String> values) {
        boolean any = false;
        for (String name : names) {
            if (isGrantNamespace(name)) {
                if (!NAMES.contains(name)) {
                    throw new InvalidGrant(name, "is not a grant parameter this server knows");
                }
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        String grantId = values.apply(GRANT);
        if (!isGrantId(grantId)) {
            throw new InvalidGrant(GRANT, "must be a grant id");
        }
        long maxBytes = number(MAX_BYTES, values.apply(MAX_BYTES), 0, MAX_BYTES_LIMIT);
        long uses = number(USES, values.apply(USES), 1, MAX_USES);
        return new GrantPolicy(grantId, maxBytes, contentTypes(values.apply(CONTENT_TYPES)),
                overwrite(values.apply(OVERWRITE)), uses);
    }

    /** Whether a request's Content-Type is one this grant allows (any, when it names none). */
    public boolean allowsContentType(String contentType) {
        if (contentTypes.isEmpty()) {
            return true;
        }
        for (MediaRange range : contentTypes) {
            if (range.matches(contentType)) {
                return true;
            }
        }
        return false;
    }

    private static long number(String name, String text, long min, long max) {
        if (text == null) {
            return UNLIMITED;
        }
        // Digits only, as written by toQueryParameters: no sign, no spaces, no leading zeros.
        if (text.isEmpty() || text.length() > 19 || (text.length() > 1 && text.charAt(0) == '0')
                || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidGrant(name, "must be a decimal number");
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new InvalidGrant(name, "must be between " + min + " and " + max);
        }
        return value;
    }

    private static List<MediaRange> contentTypes(String text) {
        if (text == null) {
            return List.of();
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_CONTENT_TYPES) {
            throw new InvalidGrant(CONTENT_TYPES, "names at most " + MAX_CONTENT_TYPES + " media types");
        }
        List<MediaRange> ranges = new ArrayList<>(parts.length);
        for (String part : parts) {
            try {
                ranges.add(MediaRange.parse(part));
            } catch (MediaRange.InvalidMediaRange e) {
                throw new InvalidGrant(CONTENT_TYPES, e.getMessage());
            }
        }
        return ranges;
    }

    private static boolean overwrite(String text) {
        if (text == null) {
            return true;
        }
        if (!text.equals("false")) {
            throw new InvalidGrant(OVERWRITE, "must be \"false\" when present");
        }
        return false;
    }
}
