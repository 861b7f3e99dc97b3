package dev.memctl;

import dev.memctl.testkit.MemoryPoolContract;
import dev.memctl.testkit.PoolIsolationContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.Nested;

/** Pools and images on the portable provider: slots are permits, images are copied. */
@ProviderUnderTest("portable")
class PortablePoolTest extends MemoryPoolContract {

    @Nested
    @ProviderUnderTest("portable")
    class Isolation extends PoolIsolationContract {}
}
