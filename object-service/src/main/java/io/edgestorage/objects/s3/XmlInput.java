package io.edgestorage.objects.s3;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

import io.edgestorage.objects.S3Error;
import io.vertx.core.buffer.Buffer;

/** Parses the small XML request documents of S3 (DeleteObjects, CompleteMultipartUpload, CORS). */
final class XmlInput {

    private static final XmlMapper XML = new XmlMapper();

    private XmlInput() {
    }

    static JsonNode parse(Buffer body) {
        if (body.length() == 0) {
            throw S3Error.MALFORMED_XML.exception();
        }
        try {
            JsonNode node = XML.readTree(body.getBytes());
            if (node == null || !node.isObject()) {
                throw S3Error.MALFORMED_XML.exception();
            }
            return node;
        } catch (java.io.IOException e) {
            throw S3Error.MALFORMED_XML.exception();
        }
    }

    /**
     * The document, whose root element must be {@code root}: Jackson drops the root's name, and S3 refuses
     * a document of the wrong kind (say {@code <Foo>} for DeleteObjects) as MalformedXML.
     */
    static JsonNode parse(Buffer body, String root) {
        JsonNode node = parse(body);
        if (!root.equals(rootName(body.getBytes()))) {
            throw S3Error.MALFORMED_XML.exception();
        }
        return node;
    }

    private static String rootName(byte[] document) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(document));
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                    return reader.getLocalName();
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw S3Error.MALFORMED_XML.exception();
        }
    }

    /** The children named {@code name}: Jackson gives one element as an object/text and several as an array. */
    static List<JsonNode> all(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        List<JsonNode> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(out::add);
        } else {
            out.add(n);
        }
        return out;
    }

    static List<String> texts(JsonNode parent, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : all(parent, name)) {
            out.add(n.isValueNode() ? n.asText() : n.path("").asText());
        }
        return out;
    }

    static String text(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        if (n == null || n.isArray()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.path("").asText(null);
    }
}
