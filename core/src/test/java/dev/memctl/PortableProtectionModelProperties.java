package dev.memctl;

import dev.memctl.testkit.ProtectionModelContract;

/** The protection differential test on the portable provider: Java checks only. */
class PortableProtectionModelProperties extends ProtectionModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("portable").build();
    }
}
