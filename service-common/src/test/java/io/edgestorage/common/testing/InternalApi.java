package io.edgestorage.common.testing;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import io.edgestorage.common.internal.InternalCaller;
import io.edgestorage.common.internal.InternalListener;
import io.edgestorage.common.web.InternalCredentialFilter;
import io.quarkus.arc.Arc;
import io.restassured.specification.RequestSpecification;

/** Requests to the service under test's internal listener, as a given caller (for {@code @QuarkusTest}s). */
public final class InternalApi {

    private InternalApi() {
    }

    /** The internal listener's actual port (a free one in tests). */
    public static int port() {
        return Arc.container().instance(InternalListener.class).get().port();
    }

    /** The caller's credential as the running test configuration has it (made up at every start). */
    public static String token(InternalCaller caller) {
        return ConfigProvider.getConfig().getValue("edge.internal.callers." + caller.id() + ".token", String.class);
    }

    /** The internal listener, no credential. */
    public static RequestSpecification anonymous() {
        return given().port(port());
    }

    /** The internal listener, with {@code caller}'s credential. */
    public static RequestSpecification as(InternalCaller caller) {
        return anonymous().header(InternalCredentialFilter.HEADER, token(caller));
    }
}
