package dev.memctl.linux;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.LinearMemoryModelContract;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** The differential test against a {@code byte[]} model, on the Linux provider. */
@AddLifecycleHook(LinuxModelProperties.OnlyOnLinux.class)
class LinuxModelProperties extends LinearMemoryModelContract {

    @Override
    protected MemoryConfig config() {
        return MemoryConfig.builder().provider("linux").build();
    }

    /** jqwik does not read JUnit's {@code @EnabledOnOs}; this is its equivalent. */
    public static final class OnlyOnLinux implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return System.getProperty("os.name").startsWith("Linux")
                    ? SkipResult.doNotSkip()
                    : SkipResult.skip("the Linux provider runs only on Linux");
        }
    }
}
