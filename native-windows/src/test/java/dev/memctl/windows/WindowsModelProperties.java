package dev.memctl.windows;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.LinearMemoryModelContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** The differential test against a {@code byte[]} model, on the windows provider. Runs only on its OS. */
@AddLifecycleHook(WindowsModelProperties.OnlyOnWindows.class)
class WindowsModelProperties extends LinearMemoryModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("windows").build();
    }

    /** jqwik does not read JUnit's {@code @EnabledOnOs}; this is its equivalent. */
    public static final class OnlyOnWindows implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return System.getProperty("os.name").startsWith("Windows")
                    ? SkipResult.doNotSkip()
                    : SkipResult.skip("the windows provider runs only on its OS");
        }
    }
}
