package io.edgestorage.gateway;

/** The services behind the gateway. */
public enum Upstream {
    PRESIGN_SERVICE("presign-service"),
    OBJECT_SERVICE("object-service"),
    KEY_SERVICE("key-service");

    private final String configName;

    Upstream(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration ({@code edge.upstream.<name>}) and metrics. */
    public String configName() {
        return configName;
    }
}
