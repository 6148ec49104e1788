package io.edgestorage.objects.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@code EDGE_BLOB_STORE} picks the backend, filesystem unless set; a name no backend has stops startup. */
class BlobStoreSelectionTest {

    /** The service's own properties, with {@code env} standing in for the environment. */
    private static SmallRyeConfig config(Map<String, String> env) throws Exception {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withSources(new PropertiesConfigSource(
                        BlobStoreSelectionTest.class.getClassLoader().getResource("application.properties"), 100))
                .withSources(new PropertiesConfigSource(env, "env", 300))
                .withMapping(ObjectServiceConfig.class)
                .build();
    }

    @Test
    void withoutTheVariable_theFilesystemStoreIsUsed() throws Exception {
        assertThat(config(Map.of()).getConfigMapping(ObjectServiceConfig.class).blobStore())
                .isEqualTo(ObjectServiceConfig.BlobStoreKind.FILESYSTEM);
    }

    @Test
    void theVariable_namesTheBackend() throws Exception {
        assertThat(config(Map.of("EDGE_BLOB_STORE", "filesystem")).getConfigMapping(ObjectServiceConfig.class)
                .blobStore()).isEqualTo(ObjectServiceConfig.BlobStoreKind.FILESYSTEM);
    }

    @Test
    void anUnknownBackend_failsStartup_namingTheAllowedValues() {
        assertThatThrownBy(() -> config(Map.of("EDGE_BLOB_STORE", "tape")))
                .hasMessageContaining("edge.blob-store")
                .hasMessageContaining("tape")
                .hasMessageContaining("filesystem");
    }
}
