package dev.memctl.linux;

import dev.memctl.testkit.ProtectionContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Static protection and virtual mode on the Linux provider: Java checks and mprotect. */
@EnabledOnOs(OS.LINUX)
@ProviderUnderTest("linux")
class LinuxProtectionTest extends ProtectionContract {}
