package io.edgestorage.keys.service;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgestorage.common.problem.ProblemException;
import io.edgestorage.sigv4.CredentialScope;

/** Input rules shared by the endpoints; every violation is a 400 problem with a stable code. */
public final class Validation {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    private static final Pattern SCOPE_PART = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,9})([smhd])");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);
    public static final int MAX_NAME = 128;
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(3650);

    private Validation() {
    }

    /** The account of the caller, from {@code X-Edge-Account}. */
    public static String account(String header) {
        if (header == null || header.isBlank()) {
            throw ProblemException.badRequest("account-required",
                    "The X-Edge-Account header names the account this call is made for");
        }
        return accountId(header);
    }

    public static String accountId(String id) {
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            throw ProblemException.badRequest("invalid-account-id",
                    "An account id is 1-128 characters of letters, digits, '.', '_', '@' and '-', starting with a letter or digit");
        }
        return id;
    }

    /** A display name: optional (then {@code fallback}), 1-128 characters, no control characters. */
    public static String name(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("invalid-name",
                    "A name is 1-" + MAX_NAME + " characters without control characters");
        }
        return trimmed;
    }

    public static CredentialScope scope(String date, String region, String service) {
        if (date == null || date.isBlank()) {
            throw ProblemException.badRequest("invalid-date", "Query parameter 'date' (yyyyMMdd, UTC) is required");
        }
        try {
            LocalDate.parse(date, DAY);
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("invalid-date", "'date' must be a calendar day as yyyyMMdd");
        }
        if (region == null || !SCOPE_PART.matcher(region).matches()) {
            throw ProblemException.badRequest("invalid-region",
                    "Query parameter 'region' is required: lower-case letters, digits and '-'");
        }
        if (service == null || !SCOPE_PART.matcher(service).matches()) {
            throw ProblemException.badRequest("invalid-service",
                    "Query parameter 'service' is required: lower-case letters, digits and '-'");
        }
        return new CredentialScope(date, region, service);
    }

    /**
     * A lifetime as {@code <n>s|m|h|d} (e.g. {@code 90s}, {@code 12h}, {@code 30d}) or a positive number of
     * seconds; at most ten years.
     */
    public static Duration lifetime(Object value) {
        Duration duration;
        if (value instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0) {
                throw invalidLifetime();
            }
            duration = Duration.ofSeconds(n.longValue());
        } else if (value instanceof String s) {
            Matcher m = DURATION.matcher(s.trim());
            if (!m.matches()) {
                throw invalidLifetime();
            }
            long n = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            throw invalidLifetime();
        }
        if (duration.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw ProblemException.badRequest("invalid-expires-in", "'expiresIn' is at most 3650d");
        }
        return duration;
    }

    private static ProblemException invalidLifetime() {
        return ProblemException.badRequest("invalid-expires-in",
                "'expiresIn' is a positive duration such as \"90s\", \"15m\", \"12h\", \"30d\" or a number of seconds");
    }
}
