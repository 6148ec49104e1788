package io.edgestorage.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.List;
import java.util.Map;

import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.Test;

import io.quarkus.oidc.common.runtime.OidcEndpointAccessException;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.CompositeException;

/** The exception half of the classification (off a Vert.x context no introspection is on record). */
class TokenVerificationOutageTest {

    @Test
    void verdictsAndBadTokens_areNotOutages() {
        assertThat(TokenVerificationOutage.isOutage(new AuthenticationFailedException("Token is not active"))).isFalse();
        InvalidJwtException badJwt = new InvalidJwtException("signature",
                List.of(new ErrorCodeValidator.Error(9, "bad signature")), null);
        assertThat(TokenVerificationOutage.isOutage(new AuthenticationFailedException(badJwt, Map.of()))).isFalse();
        assertThat(TokenVerificationOutage.isOutage(new IllegalStateException(new ConnectException()))).isFalse();
        assertThat(TokenVerificationOutage.isOutage(null)).isFalse();
    }

    @Test
    void unreachableEndpoints_areOutages_howeverDeepTheCause() {
        assertThat(TokenVerificationOutage.isOutage(new AuthenticationFailedException(
                new CompositeException(new ConnectException("Connection refused"), new RuntimeException()), Map.of())))
                .isTrue();
        assertThat(TokenVerificationOutage.isOutage(
                new AuthenticationFailedException(new OidcEndpointAccessException(503), Map.of()))).isTrue();
    }
}
