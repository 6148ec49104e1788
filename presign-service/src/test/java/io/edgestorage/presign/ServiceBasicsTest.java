package io.edgestorage.presign;

import io.edgestorage.common.testing.ServiceBasicsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBasicsTest extends ServiceBasicsContract {
}
