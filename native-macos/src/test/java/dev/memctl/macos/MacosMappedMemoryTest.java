package dev.memctl.macos;

import dev.memctl.testkit.MappedMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Files and shared memory objects mapped into virtual memories on Macos (runs in the Actions matrix). */
@EnabledOnOs(OS.MAC)
@ProviderUnderTest("macos")
class MacosMappedMemoryTest extends MappedMemoryContract {}
