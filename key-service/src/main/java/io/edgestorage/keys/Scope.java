package io.edgestorage.keys;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The scopes an API token can carry (ARCHITECTURE.md, Edge API). */
public enum Scope {
    STORAGE_PRESIGN("storage:presign"),
    STORAGE_BUCKETS("storage:buckets"),
    STORAGE_KEYS("storage:keys"),
    STORAGE_ADMIN("storage:admin"),
    PLATFORM_ADMIN("platform:admin");

    /** Every storage scope: what an account's first token and a token without explicit scopes get. */
    public static final Set<Scope> STORAGE = EnumSet.of(STORAGE_PRESIGN, STORAGE_BUCKETS, STORAGE_KEYS, STORAGE_ADMIN);
    public static final Set<Scope> ALL = EnumSet.allOf(Scope.class);

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    /** Space-separated, in declaration order (stable). */
    public static String join(Collection<Scope> scopes) {
        return EnumSet.copyOf(scopes).stream().map(Scope::value).collect(Collectors.joining(" "));
    }

    public static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of() : List.of(joined.trim().split(" +"));
    }
}
