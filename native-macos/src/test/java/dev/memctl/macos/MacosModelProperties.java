package dev.memctl.macos;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.LinearMemoryModelContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** The differential test against a {@code byte[]} model, on the macos provider. Runs only on its OS. */
@AddLifecycleHook(MacosModelProperties.OnlyOnMacos.class)
class MacosModelProperties extends LinearMemoryModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("macos").build();
    }

    /** jqwik does not read JUnit's {@code @EnabledOnOs}; this is its equivalent. */
    public static final class OnlyOnMacos implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return System.getProperty("os.name").startsWith("Mac")
                    ? SkipResult.doNotSkip()
                    : SkipResult.skip("the macos provider runs only on its OS");
        }
    }
}
