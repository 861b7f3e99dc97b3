package dev.memctl.windows;

import dev.memctl.testkit.LinearMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The core's contract suite on the Windows provider, once per discard strategy a memory may have as
 * its default ({@link LinearMemoryContract.DefaultStrategies}: {@code zero-unlock}, {@code
 * fill-zero}). {@code decommit-recommit} serves no memory (it is not safe while other threads
 * access one) and {@code discard-virtual-memory} does not zero; every run checks that the first is
 * refused ({@code onlyStrategiesSafeUnderConcurrentAccessServeAMemory}). Runs only on its OS.
 */
@EnabledOnOs(OS.WINDOWS)
@ProviderUnderTest("windows")
class WindowsContractTests extends LinearMemoryContract {}
