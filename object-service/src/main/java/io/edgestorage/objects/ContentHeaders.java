package io.edgestorage.objects;

/** The standard content headers an object keeps from its PUT (each may be null). */
public record ContentHeaders(String contentType, String contentDisposition, String contentEncoding,
        String contentLanguage, String cacheControl, String expires) {

    public static final ContentHeaders NONE = new ContentHeaders(null, null, null, null, null, null);
}
