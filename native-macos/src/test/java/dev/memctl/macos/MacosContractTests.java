package dev.memctl.macos;

import dev.memctl.MemoryConfig;
import dev.memctl.testkit.LinearMemoryContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The core's contract suite on the macos provider, once per zeroing discard strategy. Runs only on its OS. */
@EnabledOnOs(OS.MAC)
class MacosContractTests {

    static MemoryConfig macos(String strategy) {
        return MemoryConfig.builder().provider("macos").discardStrategy(strategy).build();
    }

    @Nested
    class MmapFixed extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return macos("mmap-fixed");
        }
    }

    @Nested
    class FillZero extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return macos("fill-zero");
        }
    }
}
