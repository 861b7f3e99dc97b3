package dev.memctl.macos;

import dev.memctl.testkit.ProtectionContract;
import dev.memctl.testkit.ProviderUnderTest;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Static protection and virtual mode on the Macos provider (runs in the Actions matrix). */
@EnabledOnOs(OS.MAC)
@ProviderUnderTest("macos")
class MacosProtectionTest extends ProtectionContract {}
