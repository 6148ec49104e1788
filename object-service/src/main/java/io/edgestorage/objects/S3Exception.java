package io.edgestorage.objects;

import java.util.LinkedHashMap;
import java.util.Map;

/** An S3 failure on its way to the one place that renders it as S3 XML. */
public class S3Exception extends RuntimeException {

    private final transient S3Error error;
    private final transient Map<String, String> extra = new LinkedHashMap<>();

    public S3Exception(S3Error error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public S3Error error() {
        return error;
    }

    /** Extra elements of the XML error body (e.g. StringToSign), in order. */
    public Map<String, String> extra() {
        return extra;
    }

    public S3Exception with(String element, String value) {
        if (value != null) {
            extra.put(element, value);
        }
        return this;
    }
}
