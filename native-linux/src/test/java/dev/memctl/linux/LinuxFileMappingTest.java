package dev.memctl.linux;

import dev.memctl.testkit.FileMappingContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Files and memfds mapped into reservations on the Linux provider. */
@EnabledOnOs(OS.LINUX)
@ProviderUnderTest("linux")
class LinuxFileMappingTest extends FileMappingContract {}
