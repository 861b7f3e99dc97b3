package dev.memctl.linux;

import dev.memctl.testkit.LinearMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The core's contract suite on the Linux provider, once per discard strategy a memory may have as
 * its default ({@link LinearMemoryContract.DefaultStrategies}: {@code madvise-dontneed}, {@code
 * mmap-fixed}, {@code process-madvise}, {@code fill-zero}; {@code madvise-free} does not zero).
 */
@EnabledOnOs(OS.LINUX)
@ProviderUnderTest("linux")
class LinuxContractTests extends LinearMemoryContract {}
