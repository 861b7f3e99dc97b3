package dev.memctl.linux;

import dev.memctl.testkit.LinearMemoryContract;
import dev.memctl.MemoryConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The core's contract suite on the Linux provider, once per zeroing discard strategy. */
@EnabledOnOs(OS.LINUX)
class LinuxContractTests {

    static MemoryConfig linux(String strategy) {
        return MemoryConfig.builder().provider("linux").discardStrategy(strategy).build();
    }

    @Nested
    class MadviseDontneed extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return linux("madvise-dontneed");
        }
    }

    @Nested
    class MmapFixed extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return linux("mmap-fixed");
        }
    }

    @Nested
    class ProcessMadvise extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return linux("process-madvise");
        }
    }

    @Nested
    class FillZero extends LinearMemoryContract {
        @Override
        protected MemoryConfig config() {
            return linux("fill-zero");
        }
    }
}
