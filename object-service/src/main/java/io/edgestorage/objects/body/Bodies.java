package io.edgestorage.objects.body;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.auth.AuthContext;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.blob.UniBridge;
import io.edgestorage.sigv4.PayloadMode;
import io.edgestorage.sigv4.checksum.ChecksumAlgorithm;
import io.edgestorage.sigv4.chunked.AwsChunkedDecoder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Request bodies: streamed into blobs (objects, parts) or, for small XML documents, read into memory
 * with a hard limit, both through one {@link BodyReceiver} and one set of checks: what the signature says
 * about the body (hex SHA-256 or aws-chunked signatures), Content-MD5 and {@code x-amz-checksum-*}.
 *
 * <p>Presigned URLs and SDK-added checksums: a checksum value that comes from the <em>signed query
 * string</em> of a presigned URL and equals the checksum of an empty body while the body is not empty
 * is ignored. JavaScript SDK v3 presigns PUTs with {@code x-amz-checksum-crc32=AAAAAA==} (the CRC32 of
 * the empty body it saw at presign time); it is signed input, not an assertion about the upload. Any
 * other checksum value, in a header, trailer or query string, must match the body (BadDigest).
 */
public final class Bodies {

    private Bodies() {
    }

    /** What the request asserts about its body, collected before reading it. */
    record Expectations(byte[] contentMd5, Map<ChecksumAlgorithm, String> checksums,
            Map<ChecksumAlgorithm, Boolean> fromQuery, Set<ChecksumAlgorithm> compute) {
    }

    static Expectations expectations(BodyRequest call) {
        return expectations(call, false);
    }

    /** @param checksumsDescribeObject the {@code x-amz-checksum-*} headers state the object's checksum, not the body's */
    static Expectations expectations(BodyRequest call, boolean checksumsDescribeObject) {
        byte[] md5 = null;
        String contentMd5 = call.header("Content-MD5");
        if (contentMd5 != null) {
            try {
                md5 = Base64.getDecoder().decode(contentMd5.trim());
            } catch (IllegalArgumentException e) {
                md5 = new byte[0];
            }
            if (md5.length != 16) {
                throw S3Error.INVALID_DIGEST.exception("The Content-MD5 you specified is not valid.");
            }
        }
        Map<ChecksumAlgorithm, String> sums = new EnumMap<>(ChecksumAlgorithm.class);
        Map<ChecksumAlgorithm, Boolean> fromQuery = new EnumMap<>(ChecksumAlgorithm.class);
        Set<ChecksumAlgorithm> compute = EnumSet.noneOf(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm a : checksumsDescribeObject ? new ChecksumAlgorithm[0] : ChecksumAlgorithm.values()) {
            String header = call.header(a.headerName());
            String query = call.auth() != null && call.auth().presigned() ? call.param(a.headerName()) : null;
            String value = header != null ? header : query;
            if (value != null) {
                if (!wellFormed(a, value)) {
                    throw S3Error.INVALID_DIGEST.exception("Value for " + a.headerName() + " header is invalid.");
                }
                sums.put(a, value.trim());
                fromQuery.put(a, header == null);
                compute.add(a);
            }
        }
        String trailer = call.header("x-amz-trailer");
        if (trailer != null) {
            for (String name : trailer.split(",")) {
                ChecksumAlgorithm.fromHeaderName(name.trim()).ifPresent(compute::add);
            }
        }
        String sdkHeader = call.header("x-amz-sdk-checksum-algorithm");
        String sdkAlgorithm = sdkHeader == null && call.auth() != null && call.auth().presigned()
                ? call.param("x-amz-sdk-checksum-algorithm") : sdkHeader;
        if (sdkAlgorithm != null) {
            compute.add(checksumAlgorithm(sdkAlgorithm));
        }
        if (sums.size() > 1) {
            throw S3Error.INVALID_REQUEST.exception("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        return new Expectations(md5, sums, fromQuery, compute);
    }

    /** The named checksum algorithm (CRC32, SHA256, …); InvalidRequest when S3 knows no such algorithm. */
    public static ChecksumAlgorithm checksumAlgorithm(String name) {
        return ChecksumAlgorithm.fromName(name.trim()).orElseThrow(
                () -> S3Error.INVALID_REQUEST.exception("Checksum algorithm " + name + " is not supported."));
    }

    private static boolean wellFormed(ChecksumAlgorithm a, String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim()).length == a.digestLength();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Streams the body into a fresh blob and checks every assertion about it; the blob is removed on failure. */
    public static Uni<BodyReceiver.Received> receive(BodyRequest call, BlobStore store, long maxSize) {
        return receive(call, store, maxSize, null);
    }

    /** {@link #receive}, computing the checksum {@code alsoCompute} (null: none) whether or not it was asked for. */
    public static Uni<BodyReceiver.Received> receive(BodyRequest call, BlobStore store, long maxSize,
            ChecksumAlgorithm alsoCompute) {
        return Uni.createFrom().completionStage(() -> receiveFuture(call, store, maxSize, alsoCompute)
                .toCompletionStage());
    }

    /** {@link #receive} on plain Vert.x futures (no Mutiny operator, so no context capture per step). */
    public static Future<BodyReceiver.Received> receiveFuture(BodyRequest call, BlobStore store, long maxSize) {
        return receiveFuture(call, store, maxSize, null);
    }

    private static Future<BodyReceiver.Received> receiveFuture(BodyRequest call, BlobStore store, long maxSize,
            ChecksumAlgorithm alsoCompute) {
        Intake intake = intake(call, maxSize, false, alsoCompute);
        if (call.header("Content-Length") == null && !call.auth().payloadMode().isStreaming()) {
            // A plain chunked body has no end to check against: one cut short at a chunk boundary would be
            // stored as complete (aws-chunked carries its own decoded length and signatures or checksums).
            throw S3Error.MISSING_CONTENT_LENGTH.exception();
        }
        continueIfExpected(call);
        return BodyReceiver.receive(call.vertx(), call.request(), store, intake.plan()).compose(received -> {
            try {
                check(call, intake.expect(), received);
                return Future.succeededFuture(received);
            } catch (RuntimeException e) {
                UniBridge.fireAndForget(store.delete(received.blobId()));
                return Future.failedFuture(e);
            }
        });
    }

    /**
     * Reads a small body (XML documents) into memory, refusing more than {@code limit} bytes (EntityTooLarge),
     * through the same receiving, decoding and checks as an object body: the same refusals for the same input.
     */
    public static Uni<Buffer> readSmall(BodyRequest call, int limit) {
        return readSmall(call, limit, false);
    }

    /**
     * {@link #readSmall}, for a document whose {@code x-amz-checksum-*} headers state the checksum of the object
     * it makes (CompleteMultipartUpload), so they are not checked against the document.
     */
    public static Uni<Buffer> readDocumentOfObject(BodyRequest call, int limit) {
        return readSmall(call, limit, true);
    }

    private static Uni<Buffer> readSmall(BodyRequest call, int limit, boolean checksumsDescribeObject) {
        Intake intake = intake(call, limit, checksumsDescribeObject, null);
        continueIfExpected(call);
        BodySink.Memory sink = new BodySink.Memory(intake.plan().expectedSize());
        Future<Buffer> read = BodyReceiver.receive(call.vertx(), call.request(), sink, intake.plan()).map(received -> {
            check(call, intake.expect(), received);
            return sink.bytes();
        });
        return Uni.createFrom().completionStage(read.toCompletionStage());
    }

    /** What receiving a body needs, worked out from its request before the first byte is read. */
    private record Intake(Expectations expect, BodyReceiver.Plan plan) {
    }

    private static Intake intake(BodyRequest call, long maxSize, boolean checksumsDescribeObject,
            ChecksumAlgorithm alsoCompute) {
        Expectations expect = expectations(call, checksumsDescribeObject);
        if (alsoCompute != null) {
            expect.compute().add(alsoCompute);
        }
        AuthContext auth = call.auth();
        PayloadMode mode = auth.payloadMode();
        requireDecodedLengthIfChunked(call, mode, expect);
        String decoded = call.header("x-amz-decoded-content-length");
        long declared = parseLength(decoded != null ? decoded : call.header("Content-Length"));
        if (declared > maxSize) {
            throw S3Error.ENTITY_TOO_LARGE.exception();
        }
        AwsChunkedDecoder decoder = mode.isStreaming()
                ? AwsChunkedDecoder.forRequest(auth.verified(), auth.signingKey(), parseLength(decoded),
                        call.header("x-amz-trailer"))
                : null;
        BodyReceiver.Plan plan = new BodyReceiver.Plan(decoder, mode == PayloadMode.SIGNED_HEX, expect.compute(),
                maxSize, declared, call.bodyLimits(), call.credentialWatch());
        return new Intake(expect, plan);
    }

    /**
     * An aws-chunked body (a STREAMING-* payload or {@code Content-Encoding: aws-chunked}) declares its length
     * in {@code x-amz-decoded-content-length}; without it there is nothing to check the decoded body against,
     * and S3 answers 411 MissingContentLength. A body labelled aws-chunked under a payload mode that is not
     * STREAMING-* is no framing at all when its bytes are verified as they are (a signed SHA-256, Content-MD5
     * or an {@code x-amz-checksum-*} header): botocore sends {@code Content-Encoding: gzip, aws-chunked} that
     * way, and a framed body would fail those checks rather than be stored with its framing.
     */
    private static void requireDecodedLengthIfChunked(BodyRequest call, PayloadMode mode, Expectations expect) {
        String encoding = call.header("Content-Encoding");
        boolean verifiedAsSent = mode == PayloadMode.SIGNED_HEX || expect.contentMd5() != null
                || expect.fromQuery().containsValue(Boolean.FALSE);
        boolean chunked = mode.isStreaming() || !verifiedAsSent
                && encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("aws-chunked");
        if (chunked && call.header("x-amz-decoded-content-length") == null) {
            throw S3Error.MISSING_CONTENT_LENGTH.exception(
                    "You must provide the x-amz-decoded-content-length HTTP header with an aws-chunked body.");
        }
    }

    private static void check(BodyRequest call, Expectations expect, BodyReceiver.Received received) {
        AuthContext auth = call.auth();
        if (auth.payloadMode() == PayloadMode.SIGNED_HEX
                && !auth.verified().payloadHash().equalsIgnoreCase(received.sha256Hex())) {
            throw S3Error.X_AMZ_CONTENT_SHA256_MISMATCH.exception()
                    .with("ClientComputedContentSHA256", auth.verified().payloadHash())
                    .with("S3ComputedContentSHA256", received.sha256Hex());
        }
        if (expect.contentMd5() != null && !MessageDigest.isEqual(expect.contentMd5(), received.md5())) {
            throw S3Error.BAD_DIGEST.exception();
        }
        for (Map.Entry<ChecksumAlgorithm, String> e : expect.checksums().entrySet()) {
            ChecksumAlgorithm a = e.getKey();
            String computed = received.checksums().get(a);
            if (e.getValue().equals(computed)) {
                continue;
            }
            boolean emptyBodyValueFromUrl = expect.fromQuery().getOrDefault(a, false) && received.size() > 0
                    && e.getValue().equals(emptyValue(a));
            if (!emptyBodyValueFromUrl) {
                throw S3Error.BAD_DIGEST.exception("The " + a.name() + " you specified did not match the calculated checksum.");
            }
        }
        for (Map.Entry<String, String> t : received.trailers().entrySet()) {
            ChecksumAlgorithm a = ChecksumAlgorithm.fromHeaderName(t.getKey()).orElse(null);
            if (a == null) {
                continue;
            }
            if (!wellFormed(a, t.getValue())) {
                throw S3Error.INVALID_DIGEST.exception("Value for " + a.headerName() + " trailing header is invalid.");
            }
            if (!t.getValue().trim().equals(received.checksums().get(a))) {
                throw S3Error.BAD_DIGEST.exception("The " + a.name() + " you specified did not match the calculated checksum.");
            }
        }
    }

    static String emptyValue(ChecksumAlgorithm a) {
        return a.newHasher().digestBase64();
    }

    /** Checksums to store with the object: the computed values of the algorithms that were asked for. */
    public static Map<String, String> storedChecksums(BodyReceiver.Received received) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        received.checksums().forEach((a, v) -> out.put(a.name(), v));
        return out;
    }

    /** Sends {@code 100 Continue} when the client waits for it: only after the request was authorised. */
    static void continueIfExpected(BodyRequest call) {
        String expect = call.header("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue") && !call.response().headWritten()) {
            call.response().writeContinue();
        }
    }

    /** A declared body length, or -1 when absent; InvalidArgument when it is not a non-negative number. */
    public static long parseLength(String text) {
        if (text == null) {
            return -1;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw S3Error.INVALID_ARGUMENT.exception("Content length must not be negative.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw S3Error.INVALID_ARGUMENT.exception("Content length is not a number.");
        }
    }

    /** Drains and discards a body the operation does not need (e.g. CreateBucket's configuration). */
    public static Uni<Void> discard(BodyRequest call) {
        return readSmall(call, 64 * 1024).replaceWithVoid();
    }
}
