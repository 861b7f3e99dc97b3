package dev.memctl.macos;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.ProtectionModelContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** The protection differential test on the macos provider. Runs only on its OS. */
@AddLifecycleHook(MacosModelProperties.OnlyOnMacos.class)
class MacosProtectionModelProperties extends ProtectionModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("macos").build();
    }
}
