package dev.memctl.linux;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.ProtectionModelContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** The protection differential test on the Linux provider: Java checks, and mprotect underneath. */
@AddLifecycleHook(LinuxModelProperties.OnlyOnLinux.class)
class LinuxProtectionModelProperties extends ProtectionModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("linux").build();
    }
}
