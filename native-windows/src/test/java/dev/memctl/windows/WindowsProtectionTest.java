package dev.memctl.windows;

import dev.memctl.testkit.ProtectionContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Static protection and virtual mode on the Windows provider (runs in the Actions matrix). */
@EnabledOnOs(OS.WINDOWS)
@ProviderUnderTest("windows")
class WindowsProtectionTest extends ProtectionContract {}
