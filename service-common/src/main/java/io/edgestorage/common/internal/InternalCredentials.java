package io.edgestorage.common.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.Startup;

/**
 * The internal credentials one service knows: those of the callers it accepts (each current one and, during a
 * change, the previous one) and its own, which it sends as {@code edge.internal.token}. Read from {@code edge.internal.callers.<id>.token}
 * and {@code .token-previous}; there is no default outside the test profile, and a service whose credentials
 * are missing or too short does not start.
 */
// Created at start so a service with missing credentials fails to start rather than on its first call.
@Startup
@ApplicationScoped
public class InternalCredentials {

    /** 256 bits as base64 are 43 characters; anything shorter than this is not a generated secret. */
    static final int MIN_LENGTH = 32;

    private final String service;
    private final Map<InternalCaller, byte[][]> accepted = new EnumMap<>(InternalCaller.class);

    @Inject
    public InternalCredentials(Config config) {
        this(config.getValue("quarkus.application.name", String.class), read(config));
    }

    InternalCredentials(String service, Map<String, String> values) {
        List<String> problems = problems(service, values);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Internal credentials of " + service + ": " + String.join("; ", problems));
        }
        this.service = service;
        for (InternalCaller caller : InternalAccessPolicy.callersOf(service)) {
            String current = values.get(tokenKey(caller));
            if (current == null || current.isBlank()) {
                continue;
            }
            String previous = values.get(previousKey(caller));
            accepted.put(caller, previous == null || previous.isBlank() ? new byte[][] {bytes(current)}
                    : new byte[][] {bytes(current), bytes(previous)});
        }
    }

    /**
     * What is wrong with a service's credentials: every caller the policy lets call it needs one (the operator's
     * is optional: without it nobody can call the maintenance routes), a calling service needs its own, and each
     * is at least {@value #MIN_LENGTH} characters.
     */
    static List<String> problems(String service, Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        Set<InternalCaller> required = InternalAccessPolicy.callersOf(service);
        InternalCaller.byId(service).ifPresent(required::add);
        for (InternalCaller caller : InternalCaller.values()) {
            for (String key : List.of(tokenKey(caller), previousKey(caller))) {
                String value = values.get(key);
                boolean blank = value == null || value.isBlank();
                if (blank && key.equals(tokenKey(caller)) && required.contains(caller)
                        && caller != InternalCaller.OPERATOR) {
                    problems.add(key + " is required (" + envName(caller) + ")");
                } else if (!blank && value.length() < MIN_LENGTH) {
                    problems.add(key + " is shorter than " + MIN_LENGTH + " characters");
                }
            }
        }
        return problems;
    }

    /** The caller whose credential was presented, if any; every known credential is compared in constant time. */
    public Optional<InternalCaller> identify(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] bytes = bytes(presented);
        InternalCaller found = null;
        for (Map.Entry<InternalCaller, byte[][]> entry : accepted.entrySet()) {
            for (byte[] candidate : entry.getValue()) {
                // No early exit: the time taken does not tell which credential (or how many) matched.
                if (MessageDigest.isEqual(candidate, bytes) && found == null) {
                    found = entry.getKey();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    public String service() {
        return service;
    }

    static String tokenKey(InternalCaller caller) {
        return "edge.internal.callers." + caller.id() + ".token";
    }

    static String previousKey(InternalCaller caller) {
        return "edge.internal.callers." + caller.id() + ".token-previous";
    }

    static String envName(InternalCaller caller) {
        return "EDGE_INTERNAL_TOKEN_" + caller.id().toUpperCase().replace('-', '_');
    }

    private static Map<String, String> read(Config config) {
        Map<String, String> values = new java.util.HashMap<>();
        for (InternalCaller caller : InternalCaller.values()) {
            for (String key : List.of(tokenKey(caller), previousKey(caller))) {
                config.getOptionalValue(key, String.class).ifPresent(v -> values.put(key, v));
            }
        }
        return values;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
