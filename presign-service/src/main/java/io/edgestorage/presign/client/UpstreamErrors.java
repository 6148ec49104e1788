package io.edgestorage.presign.client;

import jakarta.ws.rs.core.Response;

/** Maps an upstream error response to the exception the fault-tolerance guards understand. */
final class UpstreamErrors {

    private UpstreamErrors() {
    }

    static RuntimeException map(String upstream, Response response) {
        if (response.getStatus() == 404) {
            String code = "not-found";
            try {
                if (response.hasEntity()) {
                    ProblemBody body = response.readEntity(ProblemBody.class);
                    if (body != null && body.code() != null) {
                        code = body.code();
                    }
                }
            } catch (RuntimeException unreadable) {
                // a 404 without a problem body is still a 404
            }
            return new UpstreamNotFoundException(code);
        }
        return new UpstreamFailureException(upstream, response.getStatus());
    }
}
