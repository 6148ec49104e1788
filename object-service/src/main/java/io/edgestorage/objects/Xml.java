package io.edgestorage.objects;

/**
 * A tiny streaming XML writer for S3 documents — the answers of the data plane and the requests the s3 blob
 * store sends upstream: elements and escaped text, nothing else.
 */
public final class Xml {

    public static final String S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder sb = new StringBuilder(256).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    /** Opens the root element, in the S3 namespace. */
    public static Xml document(String root) {
        Xml xml = new Xml();
        xml.sb.append('<').append(root).append(" xmlns=\"").append(S3_NS).append("\">");
        return xml;
    }

    /** A root element without namespace (S3's Error document has none). */
    public static Xml plainDocument(String root) {
        Xml xml = new Xml();
        xml.sb.append('<').append(root).append('>');
        return xml;
    }

    public Xml open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    /** Opens an element with attributes written as given: constants of this code only, never request input. */
    public Xml openWithAttributes(String name, String attributes) {
        sb.append('<').append(name).append(' ').append(attributes).append('>');
        return this;
    }

    public Xml close(String name) {
        sb.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>}; nothing when {@code text} is null. */
    public Xml element(String name, Object text) {
        if (text == null) {
            return this;
        }
        sb.append('<').append(name).append('>');
        escape(String.valueOf(text));
        sb.append("</").append(name).append('>');
        return this;
    }

    public String end(String root) {
        sb.append("</").append(root).append('>');
        return sb.toString();
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                // No XML version can carry U+0000, not even as a reference: the replacement character stands in
                case '\u0000' -> sb.append('\uFFFD');
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        sb.append("&#x").append(Integer.toHexString(c)).append(';');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
