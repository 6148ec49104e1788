package io.edgestorage.objects.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class UpstreamXmlTest {

    @Test
    void aListing_givesItsFields_andEachRecordsChildren() {
        UpstreamXml.Document doc = UpstreamXml.parse(Buffer.buffer("""
                <?xml version="1.0" encoding="UTF-8"?>
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <IsTruncated>true</IsTruncated><NextContinuationToken>t&amp;1</NextContinuationToken>
                  <Contents><Key>blobs/a</Key><LastModified>2026-12-07T10:00:00.000Z</LastModified><Owner><ID>x</ID></Owner></Contents>
                  <Contents><Key>blobs/b</Key></Contents>
                </ListBucketResult>"""), "Contents");
        assertThat(doc.root()).isEqualTo("ListBucketResult");
        assertThat(doc.field("IsTruncated")).isEqualTo("true");
        assertThat(doc.field("NextContinuationToken")).isEqualTo("t&1");
        assertThat(doc.records()).hasSize(2);
        assertThat(doc.records().get(0)).containsEntry("Key", "blobs/a").containsEntry("LastModified",
                "2026-12-07T10:00:00.000Z").doesNotContainKey("ID");
    }

    @Test
    void anEmptyBody_isAnEmptyDocument_andMalformedXml_orADtd_isRefused() {
        assertThat(UpstreamXml.parse(Buffer.buffer("  "), null).root()).isNull();
        assertThatThrownBy(() -> UpstreamXml.parse(Buffer.buffer("<a><b></a>"), null))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> UpstreamXml.parse(Buffer.buffer(
                "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"), null))
                .isInstanceOf(IllegalStateException.class);
    }
}
