package io.edgestorage.sigv4;

import java.time.Instant;
import java.util.Objects;

/**
 * The SigV4 credential scope {@code date/region/service/aws4_request}: the part of a credential that
 * binds a signature (and a derived signing key) to one UTC day, one region and one service.
 *
 * @param date    UTC day as {@code yyyyMMdd}
 * @param region  e.g. {@code us-east-1}
 * @param service e.g. {@code s3}
 */
public record CredentialScope(String date, String region, String service) {

    /** The fixed last element of every SigV4 scope. */
    public static final String TERMINATOR = "aws4_request";

    public CredentialScope {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(service, "service");
        if (!isEightDigits(date)) {
            throw new IllegalArgumentException("scope date must be yyyyMMdd: " + date);
        }
        if (region.isEmpty() || region.indexOf('/') >= 0 || service.isEmpty() || service.indexOf('/') >= 0) {
            throw new IllegalArgumentException("region and service must be non-empty and contain no '/'");
        }
    }

    /** The scope for the UTC day of {@code time}. */
    public static CredentialScope of(Instant time, String region, String service) {
        return new CredentialScope(SigV4.formatAmzDate(time).substring(0, 8), region, service);
    }

    /**
     * Parses {@code date/region/service/aws4_request}.
     *
     * @throws IllegalArgumentException if the text does not have exactly that shape
     */
    public static CredentialScope parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 4 || !TERMINATOR.equals(parts[3])) {
            throw new IllegalArgumentException("not a credential scope: " + text);
        }
        return new CredentialScope(parts[0], parts[1], parts[2]);
    }

    static boolean isEightDigits(String s) {
        if (s.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code date/region/service/aws4_request}, exactly as it appears in a credential and a string to sign. */
    @Override
    public String toString() {
        return date + '/' + region + '/' + service + '/' + TERMINATOR;
    }
}
