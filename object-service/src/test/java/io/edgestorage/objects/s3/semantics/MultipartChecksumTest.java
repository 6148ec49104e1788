package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.edgestorage.objects.Part;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.s3.semantics.MultipartChecksum.Spec;
import io.edgestorage.objects.s3.semantics.MultipartChecksum.Type;
import io.edgestorage.sigv4.checksum.ChecksumAlgorithm;
import io.edgestorage.sigv4.checksum.ChecksumHasher;

class MultipartChecksumTest {

    @ParameterizedTest(name = "{0} with type [{1}] is {2}")
    @CsvSource({
            "CRC32,,COMPOSITE", "CRC32C,,COMPOSITE", "SHA1,,COMPOSITE", "SHA256,,COMPOSITE", "CRC64NVME,,FULL_OBJECT",
            "crc32,FULL_OBJECT,FULL_OBJECT", "CRC32C,full_object,FULL_OBJECT", "CRC64NVME,FULL_OBJECT,FULL_OBJECT",
            "CRC32,COMPOSITE,COMPOSITE", "SHA256,COMPOSITE,COMPOSITE"})
    void theTypeOfAnUpload_defaultsAsInS3(String algorithm, String type, Type expected) {
        Spec spec = MultipartChecksum.forCreate(algorithm, type);
        assertThat(spec.type()).isEqualTo(expected);
        assertThat(MultipartChecksum.decode(MultipartChecksum.encode(spec))).isEqualTo(spec);
    }

    @ParameterizedTest(name = "{0} with type [{1}] is refused")
    @CsvSource({"SHA1,FULL_OBJECT", "SHA256,FULL_OBJECT", "CRC64NVME,COMPOSITE", "CRC32,WHOLE", "MD5,", ",COMPOSITE"})
    void combinationsS3DoesNotOffer_areInvalidRequest(String algorithm, String type) {
        assertThatThrownBy(() -> MultipartChecksum.forCreate(algorithm, type))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(io.edgestorage.objects.S3Error.INVALID_REQUEST));
    }

    @Test
    void noAlgorithm_isNoChecksum_andAStoredBareNameHasItsDefaultType() {
        assertThat(MultipartChecksum.forCreate(null, null)).isNull();
        assertThat(MultipartChecksum.decode(null)).isNull();
        assertThat(MultipartChecksum.decode("crc32")).isEqualTo(new Spec(ChecksumAlgorithm.CRC32, Type.COMPOSITE));
    }

    /** Three parts of 5 MiB of 'A', 'B' and 'C', each with its checksum computed directly. */
    private static List<Part> threeParts(ChecksumAlgorithm a) {
        List<Part> parts = new ArrayList<>();
        int n = 1;
        for (char c : new char[] {'A', 'B', 'C'}) {
            byte[] body = new byte[5 * 1024 * 1024];
            Arrays.fill(body, (byte) c);
            ChecksumHasher h = a.newHasher();
            h.update(body, 0, body.length);
            parts.add(new Part("u", n, body.length, "%032x".formatted(n), Map.of(a.name(), h.digestBase64()),
                    "b" + n, null));
            n++;
        }
        return parts;
    }

    /** The values ceph/s3-tests expects for these bodies (test_multipart_use_cksum_helper_*). */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "CRC32,FULL_OBJECT,WgDhBQ==",
            "CRC32C,FULL_OBJECT,xU+Krw==",
            "CRC64NVME,FULL_OBJECT,i+6LR0y3eFo=",
            "SHA256,COMPOSITE,uWBwpe1dxI4Vw8Gf0X9ynOdw/SS6VBzfWm9giiv1sf4=-3",
            "SHA1,COMPOSITE,sizjvY4eud3MrcHdZM3cQ/ol39o=-3"})
    void theObjectChecksum_isWhatS3Computes(ChecksumAlgorithm a, Type type, String expected) {
        List<Part> parts = threeParts(a);
        assertThat(MultipartChecksum.of(new Spec(a, type), parts)).isEqualTo(expected);
    }

    @Test
    void aFullObjectCrc_isTheCrcOfTheWholeBody() {
        List<Part> parts = threeParts(ChecksumAlgorithm.CRC32);
        ChecksumHasher whole = ChecksumAlgorithm.CRC32.newHasher();
        for (char c : new char[] {'A', 'B', 'C'}) {
            byte[] body = new byte[5 * 1024 * 1024];
            Arrays.fill(body, (byte) c);
            whole.update(body, 0, body.length);
        }
        assertThat(MultipartChecksum.of(new Spec(ChecksumAlgorithm.CRC32, Type.FULL_OBJECT), parts))
                .isEqualTo(whole.digestBase64());
    }

    @Test
    void aCompositeValue_isTheChecksumOfTheRawPartChecksums_andMatchesWithOrWithoutItsCount() {
        Spec spec = new Spec(ChecksumAlgorithm.CRC32, Type.COMPOSITE);
        List<Part> parts = threeParts(ChecksumAlgorithm.CRC32);
        ChecksumHasher h = ChecksumAlgorithm.CRC32.newHasher();
        for (Part p : parts) {
            byte[] raw = java.util.Base64.getDecoder().decode(p.checksums().get("CRC32"));
            h.update(raw, 0, raw.length);
        }
        String computed = MultipartChecksum.of(spec, parts);
        assertThat(computed).isEqualTo(h.digestBase64() + "-3");
        assertThat(MultipartChecksum.matches(spec, computed, computed)).isTrue();
        assertThat(MultipartChecksum.matches(spec, computed, h.digestBase64())).isTrue();
        assertThat(MultipartChecksum.matches(spec, computed, "AAAAAA==")).isFalse();
        assertThat(MultipartChecksum.matches(spec, computed, "bad")).isFalse();
        assertThat(MultipartChecksum.matches(new Spec(ChecksumAlgorithm.CRC32, Type.FULL_OBJECT), "WgDhBQ==",
                "WgDhBQ==-3")).isFalse();
    }

    @Test
    void theStoredChecksums_giveTheResponseHeaders_andAnObjectStoredWholeIsFullObject() {
        Map<String, String> stored = MultipartChecksum.stored(new Spec(ChecksumAlgorithm.SHA256, Type.COMPOSITE), "x-2");
        assertThat(MultipartChecksum.headers(stored)).containsExactly(Map.entry("x-amz-checksum-sha256", "x-2"),
                Map.entry("x-amz-checksum-type", "COMPOSITE"));
        assertThat(MultipartChecksum.algorithm(stored)).isEqualTo("SHA256");
        assertThat(MultipartChecksum.headers(Map.of("CRC32", "AAAAAA=="))).containsEntry("x-amz-checksum-type", "FULL_OBJECT");
        assertThat(MultipartChecksum.headers(Map.of())).isEmpty();
        assertThat(MultipartChecksum.algorithm(Map.of())).isNull();
    }
}
