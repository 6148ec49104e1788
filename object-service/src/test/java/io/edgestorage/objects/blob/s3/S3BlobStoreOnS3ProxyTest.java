package io.edgestorage.objects.blob.s3;

import io.edgestorage.objects.support.TestUpstreams;

/** The s3 blob store in front of s3proxy on its filesystem backend (deploy/local/s3proxy.sh), a second upstream. */
class S3BlobStoreOnS3ProxyTest extends S3BlobStoreContract {

    @Override
    protected TestUpstreams upstream() {
        return TestUpstreams.S3PROXY;
    }
}
