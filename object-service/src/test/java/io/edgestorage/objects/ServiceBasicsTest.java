package io.edgestorage.objects;

import io.edgestorage.common.testing.ServiceBasicsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBasicsTest extends ServiceBasicsContract {

    /** The S3 port answers in S3 XML: NoSuchBucket for the {@code internal} and {@code q} "buckets". */
    @Override
    protected String publicRefusalMediaType() {
        return "application/xml";
    }
}
