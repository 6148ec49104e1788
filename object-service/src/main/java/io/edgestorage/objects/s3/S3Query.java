package io.edgestorage.objects.s3;

import java.util.List;

import io.edgestorage.objects.S3Error;
import io.edgestorage.sigv4.QueryParameters;

/**
 * The query parameters as the data plane dispatches on them: the very {@link QueryParameters} the
 * signature was verified over (split on {@code &} only, names and values decoded once), read in the exact
 * case S3 matches ({@code ?UPLOADS} is not {@code ?uploads}).
 *
 * <p>A parameter whose value an operation reads must be given once: with two values, SigV4's sorted
 * canonical query signs both orders alike, so which one comes first is not covered by the signature. Such
 * a request is {@code 400 InvalidArgument} rather than acting on a value the signer may not have meant.
 */
final class S3Query {

    private final QueryParameters parameters;
    private List<String> names;

    S3Query(QueryParameters parameters) {
        this.parameters = parameters;
    }

    /** True when the query names the parameter, in this exact case. */
    boolean has(String name) {
        return parameters.contains(name);
    }

    /** The decoded value of the parameter (empty for {@code ?name}), null when absent; InvalidArgument when repeated. */
    String param(String name) {
        List<QueryParameters.Parameter> found = parameters.all(name);
        if (found.isEmpty()) {
            return null;
        }
        if (found.size() > 1) {
            throw S3Error.INVALID_ARGUMENT.exception("The query parameter " + name + " is given more than once.")
                    .with("ArgumentName", name);
        }
        return found.get(0).value();
    }

    /** The decoded names, in order (sub-resources such as {@code acl} are names). */
    List<String> names() {
        if (names == null) {
            names = parameters.names();
        }
        return names;
    }
}
