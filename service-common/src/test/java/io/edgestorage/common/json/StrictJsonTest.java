package io.edgestorage.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.edgestorage.common.problem.JsonProblems;
import io.edgestorage.common.problem.Problem;

/** The shared Jackson rules and how their failures read; each service's REST tests show the HTTP side. */
class StrictJsonTest {

    record Rule(String name, int maxAge, boolean enabled, List<String> origins) {
    }

    record Rules(List<Rule> rules) {
    }

    private static final ObjectMapper MAPPER = strictMapper();

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void wellFormedJson_isReadAsBefore() throws Exception {
        assertThat(MAPPER.readValue("""
                {"name": "a", "maxAge": 5, "enabled": true, "origins": ["x"]} \n""", Rule.class))
                .isEqualTo(new Rule("a", 5, true, List.of("x")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            number for a string          | {"name": 123}                          | Field 'name' must be a JSON string
            decimal for a string         | {"name": 1.5}                          | Field 'name' must be a JSON string
            boolean for a string         | {"name": true}                         | Field 'name' must be a JSON string
            string for a number          | {"maxAge": "5"}                        | Field 'maxAge' must be a JSON number
            string for a boolean         | {"enabled": "true"}                    | Field 'enabled' must be true or false
            object for a string          | {"name": {"a": 1}}                     | Field 'name' must be a JSON string
            string for an array          | {"origins": 5}                         | Field 'origins' must be a JSON array
            number inside an array       | {"origins": ["a", 7]}                  | Field 'origins[1]' must be a JSON string
            string for the whole body    | "rule"                                 | The request body does not have the shape this endpoint expects
            trailing garbage             | {"name": "a"} xyz                      | The request body is not valid JSON: Unrecognized token 'xyz': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')
            a trailing number            | {"name": "a"} 1                        | The request body must be one JSON value with nothing after it
            a second JSON value          | {"name": "a"} {}                       | The request body must be one JSON value with nothing after it
            duplicate field              | {"name": "a", "name": "b"}             | The request body is not valid JSON: Duplicate field 'name'
            unknown field                | {"nom": "a"}                           | Unknown field 'nom'
            """)
    void looseJson_isRefused_withADetailNamingTheFieldButNoJavaType(String why, String json, String detail) {
        assertThatThrownBy(() -> MAPPER.readValue(json, Rule.class))
                .isInstanceOfSatisfying(JsonProcessingException.class, e -> {
                    Problem problem = JsonProblems.of(e);
                    assertThat(problem.status()).isEqualTo(400);
                    assertThat(problem.code()).isIn("malformed-json", "unknown-field");
                    assertThat(problem.detail()).isEqualTo(detail).doesNotContain("java", "io.edgestorage", "`");
                });
    }

    @Test
    void nestedFields_areNamedByTheirPath() {
        assertThatThrownBy(() -> MAPPER.readValue("{\"rules\": [{\"name\": \"a\"}, {\"maxAge\": false}]}", Rules.class))
                .isInstanceOfSatisfying(JsonProcessingException.class,
                        e -> assertThat(JsonProblems.of(e).detail()).isEqualTo("Field 'rules[1].maxAge' must be a JSON number"));
    }
}
