package io.edgestorage.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the copied test-vector data from the classpath and turns raw HTTP requests into {@link SimpleHttpRequest}s. */
public final class VectorFiles {

    private VectorFiles() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = VectorFiles.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector file " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    public static boolean exists(String path) {
        return VectorFiles.class.getResource("/vectors/" + path) != null;
    }

    /** A parsed raw request: the request and its body. */
    public record RawRequest(SimpleHttpRequest request, byte[] body) {
    }

    /**
     * Parses {@code METHOD target HTTP/1.1}, {@code Name:value} lines (continuation lines starting with
     * whitespace are folded into the previous value), a blank line and the body.
     */
    public static RawRequest parseRequest(String raw) {
        int headerEnd = raw.indexOf("\n\n");
        String head = headerEnd < 0 ? raw : raw.substring(0, headerEnd);
        String body = headerEnd < 0 ? "" : raw.substring(headerEnd + 2);
        String[] lines = head.split("\n", -1);
        String requestLine = lines[0];
        int firstSpace = requestLine.indexOf(' ');
        int versionStart = requestLine.lastIndexOf(" HTTP/");
        SimpleHttpRequest.Builder b = SimpleHttpRequest.builder()
                .method(requestLine.substring(0, firstSpace))
                .target(requestLine.substring(firstSpace + 1, versionStart));
        String name = null;
        StringBuilder value = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && name != null) {
                value.append(' ').append(line);
                continue;
            }
            if (name != null) {
                b.header(name, value.toString());
            }
            int colon = line.indexOf(':');
            name = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1));
        }
        if (name != null) {
            b.header(name, value.toString());
        }
        return new RawRequest(b.build(), body.getBytes(StandardCharsets.UTF_8));
    }
}
