package io.edgestorage.objects.blob.s3;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.vertx.core.buffer.Buffer;

/**
 * The few things read from an upstream's XML answers: the text of an element, and the children's texts of
 * each repeated element (each {@code Contents} of a listing). A parser with no DTDs and no external entities.
 */
final class UpstreamXml {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    }

    /** The document's root element name, the texts of its direct children, and its {@code record} elements. */
    record Document(String root, Map<String, String> fields, List<Map<String, String>> records) {

        String field(String name) {
            return fields.get(name);
        }
    }

    private UpstreamXml() {
    }

    /**
     * Parses {@code body}; {@code record} names the repeated child of the root whose own children are
     * collected (null for none).
     */
    static Document parse(Buffer body, String record) {
        Map<String, String> fields = new HashMap<>();
        List<Map<String, String>> records = new ArrayList<>();
        String root = null;
        if (body == null || body.toString().isBlank()) {
            return new Document(null, fields, records);
        }
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body.getBytes()));
            int depth = 0;
            Map<String, String> current = null;
            String element = null;
            StringBuilder text = new StringBuilder();
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String name = xml.getLocalName();
                    if (depth == 1) {
                        root = name;
                    } else if (depth == 2 && name.equals(record)) {
                        current = new HashMap<>();
                    }
                    element = name;
                    text.setLength(0);
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(xml.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = xml.getLocalName();
                    if (depth == 2 && current != null && name.equals(record)) {
                        records.add(current);
                        current = null;
                    } else if (depth == 2 && name.equals(element)) {
                        fields.put(name, text.toString());
                    } else if (depth == 3 && current != null && name.equals(element)) {
                        current.put(name, text.toString());
                    }
                    element = null;
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the upstream answered XML that does not parse: " + e.getMessage(), e);
        }
        return new Document(root, fields, records);
    }
}
