package dev.memctl.linux;

import dev.memctl.testkit.MappedMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Files and memfd objects mapped into virtual memories on Linux. */
@EnabledOnOs(OS.LINUX)
@ProviderUnderTest("linux")
class LinuxMappedMemoryTest extends MappedMemoryContract {}
