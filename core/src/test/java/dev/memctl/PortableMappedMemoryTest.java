package dev.memctl;

import dev.memctl.testkit.MappedMemoryContract;
import dev.memctl.testkit.ProviderUnderTest;

/** The portable provider maps no files, and says so. */
@ProviderUnderTest("portable")
class PortableMappedMemoryTest extends MappedMemoryContract {}
