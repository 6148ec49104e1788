package io.edgestorage.objects.body;

import io.edgestorage.objects.auth.AuthContext;
import io.edgestorage.objects.auth.TransferGuard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * What reading a request body needs to know of its request: the headers and query that make assertions
 * about the body, what the verified signature says about it, and how slowly the client may send it. The
 * S3 call is one; the body room needs nothing else of the router.
 */
public interface BodyRequest {

    /** The request, paused until its body is read. */
    HttpServerRequest request();

    /** The response, for {@code 100 Continue}. */
    HttpServerResponse response();

    Vertx vertx();

    String header(String name);

    /** The query parameter's decoded value, null when absent; InvalidArgument when it is given twice. */
    String param(String name);

    /** The verified signer, or null before authentication. */
    AuthContext auth();

    /** How slowly the client may send the body before it fails with RequestTimeout. */
    BodyLimits bodyLimits();

    /** Watches the signer's key while the body streams. */
    TransferGuard.Watch credentialWatch();
}
