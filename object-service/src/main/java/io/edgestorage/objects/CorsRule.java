package io.edgestorage.objects;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One CORS rule of a bucket (S3's CORSRule; also the JSON shape of the internal API). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record CorsRule(String id, List<String> allowedOrigins, List<String> allowedMethods,
        List<String> allowedHeaders, List<String> exposeHeaders, Integer maxAgeSeconds) {

    public CorsRule {
        allowedOrigins = readOnly(allowedOrigins);
        allowedMethods = readOnly(allowedMethods);
        allowedHeaders = readOnly(allowedHeaders);
        exposeHeaders = readOnly(exposeHeaders);
    }

    /** Keeps null elements (List.copyOf would throw): CorsValidation answers them with a 400, not a 500. */
    private static List<String> readOnly(List<String> values) {
        return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
    }
}
