package dev.memctl.windows;

import dev.memctl.testkit.MappedMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Files and shared memory objects mapped into virtual memories on Windows (runs in the Actions matrix). */
@EnabledOnOs(OS.WINDOWS)
@ProviderUnderTest("windows")
class WindowsMappedMemoryTest extends MappedMemoryContract {}
