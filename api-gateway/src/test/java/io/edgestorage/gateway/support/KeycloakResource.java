package io.edgestorage.gateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * JWTs from a real Keycloak (started with {@code deploy/local/keycloak.sh}, realm {@code edge} imported
 * from the committed file), found by OIDC discovery — nothing about the provider is configured but its
 * issuer URL. The upstream services stay the global {@link FakeServices}; this resource starts after them
 * ({@link #order()}) so its issuer replaces theirs.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "http://127.0.0.1:" + System.getProperty("edge.keycloak.port", "8180")
            + "/realms/edge";

    private boolean startedKeycloak;

    @Override
    public Map<String, String> start() {
        startedKeycloak = !realmServed();
        if (startedKeycloak) {
            run("start");
        }
        Map<String, String> config = new HashMap<>();
        config.put("edge.oidc.issuer", ISSUER);
        config.put("edge.oidc.public-key", "");
        return config;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void stop() {
        if (startedKeycloak) {
            run("stop");
        }
    }

    static boolean realmServed() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest
                    .newBuilder(URI.create(ISSUER + "/.well-known/openid-configuration")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String action) {
        Path script = Path.of("..", "deploy", "local", "keycloak.sh").toAbsolutePath().normalize();
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("missing " + script);
        }
        try {
            Process process = new ProcessBuilder("bash", script.toString(), action).inheritIO().start();
            if (!process.waitFor(6, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keycloak.sh " + action + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
