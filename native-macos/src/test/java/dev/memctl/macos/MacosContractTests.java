package dev.memctl.macos;

import dev.memctl.testkit.LinearMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The core's contract suite on the macOS provider, once per discard strategy a memory may have as
 * its default ({@link LinearMemoryContract.DefaultStrategies}: {@code mmap-fixed}, {@code
 * fill-zero}; {@code madv-free-reusable} does not zero). Runs only on its OS.
 */
@EnabledOnOs(OS.MAC)
@ProviderUnderTest("macos")
class MacosContractTests extends LinearMemoryContract {}
