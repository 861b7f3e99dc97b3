package dev.memctl.windows;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.LinearMemoryContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The core's contract suite on the windows provider, once per zeroing discard strategy a memory
 * may use. {@code decommit-recommit} serves no memory (it is not safe while other threads access
 * one); each nested suite checks that it is refused ({@code
 * onlyStrategiesSafeUnderConcurrentAccessServeAMemory}). Runs only on its OS.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsContractTests {

    static MemoryConfig windows(String strategy) {
        return MemoryConfig.builder().provider("windows").discardStrategy(strategy).build();
    }

    @Nested
    class ZeroUnlock extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return windows("zero-unlock");
        }
    }

    @Nested
    class FillZero extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return windows("fill-zero");
        }
    }
}
