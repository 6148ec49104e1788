package io.edgestorage.objects.s3.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;

import io.edgestorage.objects.S3Error;
import io.edgestorage.objects.S3Exception;
import io.edgestorage.objects.s3.semantics.CompleteMultipartUploadRequest.RequestedPart;
import io.edgestorage.sigv4.S3ProtocolError;

class CompleteMultipartUploadRequestTest {

    private static JsonNode document(String parts) throws Exception {
        return new XmlMapper().readTree("<CompleteMultipartUpload>" + parts + "</CompleteMultipartUpload>");
    }

    private static S3ProtocolError errorOf(String parts) throws Exception {
        JsonNode doc = document(parts);
        try {
            CompleteMultipartUploadRequest.parse(doc);
        } catch (S3Exception e) {
            return e.error();
        }
        throw new AssertionError("parsed: " + parts);
    }

    @Test
    void thePartsComeInTheDocumentsOrder_withTheirEtagsUnquoted() throws Exception {
        List<RequestedPart> parts = CompleteMultipartUploadRequest.parse(document(
                "<Part><PartNumber>1</PartNumber><ETag>\"aaa\"</ETag></Part>"
                        + "<Part><PartNumber> 2 </PartNumber><ETag>&quot;bbb&quot;</ETag></Part>"
                        + "<Part><PartNumber>7</PartNumber><ETag> ccc </ETag></Part>"));

        assertThat(parts).containsExactly(new RequestedPart(1, "aaa"), new RequestedPart(2, "bbb"),
                new RequestedPart(7, "ccc"));
    }

    @Test
    void oneLonePart_isAListOfOne() throws Exception {
        assertThat(CompleteMultipartUploadRequest.parse(document("<Part><ETag>e</ETag><PartNumber>3</PartNumber></Part>")))
                .containsExactly(new RequestedPart(3, "e"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "",
        "<Part><PartNumber>1</PartNumber></Part>",
        "<Part><ETag>e</ETag></Part>",
        "<Part><PartNumber>one</PartNumber><ETag>e</ETag></Part>",
        "<Part><PartNumber>99999999999</PartNumber><ETag>e</ETag></Part>",
        "<Part><PartNumber>1</PartNumber><PartNumber>2</PartNumber><ETag>e</ETag></Part>",
        "<Part>text</Part>"})
    void aPartWithoutNumberOrEtag_orNoPartAtAll_isMalformedXml(String parts) throws Exception {
        assertThat(errorOf(parts)).isEqualTo(S3Error.MALFORMED_XML);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "<Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part>",
        "<Part><PartNumber>1</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber><ETag>a</ETag></Part>"})
    void numbersThatDoNotAscend_areInvalidPartOrder(String parts) throws Exception {
        assertThat(errorOf(parts)).isEqualTo(S3Error.INVALID_PART_ORDER);
    }

    @Test
    void aMalformedPart_isReportedBeforeTheOrder() throws Exception {
        assertThatThrownBy(() -> CompleteMultipartUploadRequest.parse(document(
                "<Part><PartNumber>2</PartNumber><ETag>a</ETag></Part><Part><PartNumber>1</PartNumber></Part>")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML));
    }
}
