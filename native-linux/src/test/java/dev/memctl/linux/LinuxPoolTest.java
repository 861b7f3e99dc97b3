package dev.memctl.linux;

import dev.memctl.testkit.MemoryPoolContract;
import dev.memctl.testkit.PoolIsolationContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Pools and images on the Linux provider: slots of one reservation, images mapped from a sealed memfd. */
@EnabledOnOs(OS.LINUX)
@ProviderUnderTest("linux")
class LinuxPoolTest extends MemoryPoolContract {

    @Nested
    @ProviderUnderTest("linux")
    class Isolation extends PoolIsolationContract {}
}
