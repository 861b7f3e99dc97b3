package dev.memctl.windows;

import dev.memctl.testkit.MemoryPoolContract;
import dev.memctl.testkit.PoolIsolationContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Pools and images on the Windows provider: slots of one reservation, images copied. */
@EnabledOnOs(OS.WINDOWS)
@ProviderUnderTest("windows")
class WindowsPoolTest extends MemoryPoolContract {

    @Nested
    @ProviderUnderTest("windows")
    class Isolation extends PoolIsolationContract {}
}
