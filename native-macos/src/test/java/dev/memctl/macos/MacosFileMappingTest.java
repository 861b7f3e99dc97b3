package dev.memctl.macos;

import dev.memctl.testkit.FileMappingContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Files and POSIX shared memory objects mapped into reservations on the macOS provider. */
@EnabledOnOs(OS.MAC)
@ProviderUnderTest("macos")
class MacosFileMappingTest extends FileMappingContract {

    /** XNU's {@code pshm_mmap} (bsd/kern/posix_shm.c) refuses a mapping without {@code MAP_SHARED}: {@code EINVAL}. */
    @Override
    protected boolean mapsSharedObjectsPrivately() {
        return false;
    }
}
