package io.edgestorage.objects.s3.semantics;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.edgestorage.objects.Part;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.s3.semantics.CompleteMultipartUploadRequest.RequestedPart;

/** What S3 makes of the parts of a completed multipart upload. */
public final class MultipartRules {

    private MultipartRules() {
    }

    /** The parts a completion joins, in order, and the ETag of the object they make. */
    public record Completion(List<Part> parts, String etag) {

        /** The whole of each part's blob, in order: what the object's blob is composed of. */
        public List<BlobStore.Segment> segments() {
            return parts.stream().map(p -> new BlobStore.Segment(p.blobId(), 0, p.size())).toList();
        }
    }

    /**
     * Chooses, for each requested part, the stored part of that number, which must have the requested ETag
     * and checksums; every part but the last must be at least {@code minPartSize} bytes.
     *
     * @throws io.edgestorage.objects.S3Exception InvalidPart for a part not stored, of another ETag or of
     *         another checksum;
     *         EntityTooSmall for a part other than the last below the minimum
     */
    public static Completion choose(List<Part> stored, List<RequestedPart> requested, long minPartSize) {
        Map<Integer, Part> byNumber = stored.stream().collect(Collectors.toMap(Part::partNumber, Function.identity()));
        List<Part> chosen = new ArrayList<>(requested.size());
        for (RequestedPart r : requested) {
            Part p = byNumber.get(r.partNumber());
            if (p == null || !p.etag().equals(r.etag())) {
                throw S3Error.INVALID_PART.exception();
            }
            r.checksums().forEach((algorithm, value) -> {
                if (!value.equals(p.checksums().get(algorithm))) {
                    throw S3Error.INVALID_PART.exception("The " + algorithm + " checksum of part " + r.partNumber()
                            + " is not the checksum the part was uploaded with.");
                }
            });
            chosen.add(p);
        }
        for (Part p : chosen.subList(0, Math.max(0, chosen.size() - 1))) {
            if (p.size() < minPartSize) {
                throw S3Error.ENTITY_TOO_SMALL.exception().with("PartNumber", String.valueOf(p.partNumber()))
                        .with("ProposedSize", String.valueOf(p.size()))
                        .with("MinSizeAllowed", String.valueOf(minPartSize));
            }
        }
        return new Completion(List.copyOf(chosen), etag(chosen));
    }

    /** S3's multipart ETag: MD5 of the concatenated binary part MD5s, then {@code -N}. */
    public static String etag(List<Part> parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (Part p : parts) {
                md5.update(HexFormat.of().parseHex(p.etag()));
            }
            return HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
