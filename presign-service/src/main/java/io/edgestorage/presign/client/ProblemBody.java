package io.edgestorage.presign.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of an upstream's problem+json answer this service reads. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProblemBody(String code, String detail) {
}
