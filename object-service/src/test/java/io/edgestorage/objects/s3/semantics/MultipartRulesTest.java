package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgestorage.objects.Part;
import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.blob.BlobStore;
import io.edgestorage.objects.s3.semantics.CompleteMultipartUploadRequest.RequestedPart;

class MultipartRulesTest {

    private static Part part(int number, String md5Hex) {
        return new Part("upload", number, 5, md5Hex, Map.of(), "blob-" + number, null);
    }

    @Test
    void theEtag_isTheMd5OfTheBinaryPartMd5s_thenTheirCount() {
        // parts "hello" and "world"; expected values computed apart: md5(bytes.fromhex(a) + bytes.fromhex(b))
        Part hello = part(1, "5d41402abc4b2a76b9719d911017c592");
        Part world = part(2, "7d793037a0760186574b0282f2f435e7");
        assertThat(MultipartRules.etag(List.of(hello, world))).isEqualTo("065947336a2f2a95ba8899f3675c3be6-2");
        assertThat(MultipartRules.etag(List.of(hello))).isEqualTo("62109206880d38a4010a98e11243924a-1");
    }

    private static Part sized(int number, long size) {
        return new Part("upload", number, size, etag(number), Map.of(), "blob-" + number, null);
    }

    /** A part's ETag is its MD5 in hex. */
    private static String etag(int number) {
        return "%032x".formatted(number);
    }

    private static RequestedPart requested(int number) {
        return new RequestedPart(number, etag(number));
    }

    private static final List<Part> STORED = List.of(sized(1, 10), sized(2, 10), sized(3, 4), sized(5, 2));

    @Test
    void theRequestedParts_areChosenInTheirOrder_asWholeSegmentsOfTheirBlobs() {
        MultipartRules.Completion completion = MultipartRules.choose(STORED,
                List.of(requested(1), requested(3), requested(5)), 4);

        assertThat(completion.parts()).extracting(Part::partNumber).containsExactly(1, 3, 5);
        assertThat(completion.segments()).containsExactly(new BlobStore.Segment("blob-1", 0, 10),
                new BlobStore.Segment("blob-3", 0, 4), new BlobStore.Segment("blob-5", 0, 2));
        assertThat(completion.etag()).isEqualTo(MultipartRules.etag(completion.parts())).endsWith("-3");
    }

    @Test
    void aPartNotStored_orOfAnotherEtag_isInvalidPart() {
        for (RequestedPart wrong : List.of(requested(4), new RequestedPart(2, etag(1)))) {
            assertThatThrownBy(() -> MultipartRules.choose(STORED, List.of(requested(1), wrong), 1))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_PART));
        }
    }

    @Test
    void aPartBelowTheMinimum_isEntityTooSmall_unlessItIsTheLast() {
        assertThat(MultipartRules.choose(STORED, List.of(requested(1), requested(5)), 10)
                .parts()).hasSize(2);

        assertThatThrownBy(() -> MultipartRules.choose(STORED,
                List.of(requested(3), requested(5)), 10))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.ENTITY_TOO_SMALL);
                    assertThat(e.extra()).containsEntry("PartNumber", "3").containsEntry("ProposedSize", "4")
                            .containsEntry("MinSizeAllowed", "10");
                });
    }

    @Test
    void anInvalidPart_isReportedBeforeASmallOne() {
        assertThatThrownBy(() -> MultipartRules.choose(STORED,
                List.of(requested(3), requested(9)), 10))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_PART));
    }
}
