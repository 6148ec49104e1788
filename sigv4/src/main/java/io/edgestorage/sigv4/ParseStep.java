package io.edgestorage.sigv4;

import java.util.Objects;

import io.edgestorage.sigv4.Verification.Rejected;

/**
 * The outcome of one key-free step of {@link SigV4Verifier#parse}: the step's typed value, or the one
 * {@link Rejected} that ends the parse. Steps never throw for request content, so the first refusal
 * travels back as a value and the order of the checks stays the order of the steps.
 *
 * @param <T> what the step yields when the input is good
 */
final class ParseStep<T> {

    private final T value;
    private final Rejected rejection;

    private ParseStep(T value, Rejected rejection) {
        this.value = value;
        this.rejection = rejection;
    }

    static <T> ParseStep<T> of(T value) {
        return new ParseStep<>(Objects.requireNonNull(value, "value"), null);
    }

    static <T> ParseStep<T> rejected(Rejected rejection) {
        return new ParseStep<>(null, Objects.requireNonNull(rejection, "rejection"));
    }

    static <T> ParseStep<T> rejected(AuthFailure failure, String message) {
        return rejected(Rejected.of(failure, message));
    }

    static <T> ParseStep<T> rejected(AuthFailure failure) {
        return rejected(Rejected.of(failure));
    }

    boolean isRejected() {
        return rejection != null;
    }

    /** Why the step refused the input; null when it did not. */
    Rejected rejection() {
        return rejection;
    }

    /**
     * The step's value.
     *
     * @throws IllegalStateException if the step refused its input (callers check {@link #isRejected()} first)
     */
    T value() {
        if (rejection != null) {
            throw new IllegalStateException("the step was rejected: " + rejection.failure());
        }
        return value;
    }

    @Override
    public String toString() {
        return rejection != null ? "ParseStep[" + rejection + "]" : "ParseStep[" + value + "]";
    }
}
