package dev.memctl.windows;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.ProtectionModelContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** The protection differential test on the windows provider. Runs only on its OS. */
@AddLifecycleHook(WindowsModelProperties.OnlyOnWindows.class)
class WindowsProtectionModelProperties extends ProtectionModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("windows").build();
    }
}
