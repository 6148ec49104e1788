package io.edgestorage.objects;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts object-service. Before Quarkus starts, it switches off Quarkus' check of every request URI
 * ({@code vertx.disableURIValidation}): that check parses each URI with {@code java.net.URI} (about 5 % of a
 * small GET's CPU) and answers a malformed escape with a bare 400. The S3 router checks the escapes of the path
 * and query itself and answers S3's InvalidURI in S3 XML ({@code rest.UriSyntax}). The tests set the same
 * property (object-service's pom), so they run what production runs.
 */
@QuarkusMain
public final class ObjectServiceMain {

    static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";

    private ObjectServiceMain() {
    }

    public static void main(String... args) {
        System.setProperty(DISABLE_URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
