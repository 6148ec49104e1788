package io.edgestorage.objects.s3.semantics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.edgestorage.objects.S3Error;
import io.edgestorage.sigv4.checksum.ChecksumAlgorithm;

/** The parts a CompleteMultipartUpload document names, in the order it names them. */
public final class CompleteMultipartUploadRequest {

    /**
     * One {@code <Part>} of the document; the ETag without its quotes, and the part checksums it states
     * ({@code <ChecksumCRC32>} and the like), by algorithm name.
     */
    public record RequestedPart(int partNumber, String etag, Map<String, String> checksums) {

        public RequestedPart(int partNumber, String etag) {
            this(partNumber, etag, Map.of());
        }
    }

    private CompleteMultipartUploadRequest() {
    }

    /**
     * The parts of a {@code CompleteMultipartUpload} document already read as a tree (root checked).
     *
     * @throws io.edgestorage.objects.S3Exception MalformedXML when a part lacks its number or ETag, a number is
     *         not an integer or there is no part; InvalidPartOrder when the numbers do not ascend
     */
    public static List<RequestedPart> parse(JsonNode document) {
        List<RequestedPart> parts = new ArrayList<>();
        for (JsonNode p : elements(document.get("Part"))) {
            String number = text(p.get("PartNumber"));
            String etag = text(p.get("ETag"));
            if (number == null || etag == null) {
                throw S3Error.MALFORMED_XML.exception();
            }
            Map<String, String> checksums = new LinkedHashMap<>();
            for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                String value = text(p.get("Checksum" + a.name()));
                if (value != null) {
                    checksums.put(a.name(), value.trim());
                }
            }
            parts.add(new RequestedPart(integer(number), etag.replace("\"", "").replace("&quot;", "").trim(),
                    checksums));
        }
        if (parts.isEmpty()) {
            throw S3Error.MALFORMED_XML.exception("You must specify at least one part");
        }
        for (int i = 1; i < parts.size(); i++) {
            if (parts.get(i).partNumber() <= parts.get(i - 1).partNumber()) {
                throw S3Error.INVALID_PART_ORDER.exception();
            }
        }
        return parts;
    }

    /** Jackson reads one element as a node and several of the same name as an array. */
    private static Iterable<JsonNode> elements(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        return node.isArray() ? node : List.of(node);
    }

    /** An element's text: a value node, or the text of an element that also has attributes; null if repeated. */
    private static String text(JsonNode node) {
        if (node == null || node.isArray()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.path("").asText(null);
    }

    private static int integer(String number) {
        try {
            return Integer.parseInt(number.trim());
        } catch (NumberFormatException e) {
            throw S3Error.MALFORMED_XML.exception();
        }
    }
}
