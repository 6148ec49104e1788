package io.edgestorage.presign.rest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code {url, method, expires, keyId, headers}}; {@code expires} is the ISO-8601 UTC instant the URL
 * stops working and {@code headers} what the client must send with it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PresignAnswer(String url, String method, String expires, String keyId, Map<String, String> headers) {
}
