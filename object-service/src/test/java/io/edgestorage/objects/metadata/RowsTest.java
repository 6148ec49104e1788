package io.edgestorage.objects.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class RowsTest {

    @Test
    void map_readsJsonTextWhenFirstUsed() {
        Map<String, String> map = Rows.map("{\"CRC32\": \"pRE+ZQ==\", \"SHA256\": \"abc\"}");
        assertThat(map).containsExactly(Map.entry("CRC32", "pRE+ZQ=="), Map.entry("SHA256", "abc"));
        assertThat(map.get("CRC32")).isEqualTo("pRE+ZQ==");
        assertThatThrownBy(() -> map.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void map_ofEmptyObjectOrNull_isEmpty() {
        assertThat(Rows.map("{}")).isEmpty();
        assertThat(Rows.map((Object) null)).isEmpty();
    }

    @Test
    void map_ofJsonObject_convertsValuesToStrings() {
        assertThat(Rows.map(new JsonObject().put("a", "1").put("n", 2))).containsEntry("a", "1").containsEntry("n", "2");
    }
}
