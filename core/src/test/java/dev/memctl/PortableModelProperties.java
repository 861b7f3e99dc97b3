package dev.memctl;

import dev.memctl.testkit.LinearMemoryModelContract;

/** The differential test on the portable provider. */
class PortableModelProperties extends LinearMemoryModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("portable").build();
    }
}
