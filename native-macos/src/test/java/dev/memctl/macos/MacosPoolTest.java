package dev.memctl.macos;

import dev.memctl.testkit.MemoryPoolContract;
import dev.memctl.testkit.PoolIsolationContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Pools and images on the macOS provider: slots of one reservation, images copied. */
@EnabledOnOs(OS.MAC)
@ProviderUnderTest("macos")
class MacosPoolTest extends MemoryPoolContract {

    @Nested
    @ProviderUnderTest("macos")
    class Isolation extends PoolIsolationContract {}
}
