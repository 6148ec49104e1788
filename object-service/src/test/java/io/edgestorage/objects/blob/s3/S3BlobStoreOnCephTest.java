package io.edgestorage.objects.blob.s3;

import io.edgestorage.objects.support.TestUpstreams;

/** The s3 blob store in front of Ceph RGW (deploy/local/ceph.sh). */
class S3BlobStoreOnCephTest extends S3BlobStoreContract {

    @Override
    protected TestUpstreams upstream() {
        return TestUpstreams.CEPH;
    }
}
