package dev.memctl;

import dev.memctl.testkit.ProtectionContract;
import dev.memctl.testkit.ProviderUnderTest;

/** Static protection and virtual mode on the portable provider: Java checks only, no hardware. */
@ProviderUnderTest("portable")
class PortableProtectionTest extends ProtectionContract {}
