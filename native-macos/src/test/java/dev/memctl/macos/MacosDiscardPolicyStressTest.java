package dev.memctl.macos;

import dev.memctl.testkit.DiscardPolicyStressContract;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The discard-policy stress tests on the macos provider. Runs on its OS only (the GitHub Actions
 * matrix). The lazy test runs without pressure: XNU offers no way to make it reclaim a
 * range on demand ({@code MADV_PAGEOUT} exists only on {@code MACH_ASSERT} kernels), so it checks
 * the threads' models against {@code MADV_FREE}'d pages that XNU reclaims only if the machine
 * happens to run short of memory.
 */
@EnabledOnOs(OS.MAC)
class MacosDiscardPolicyStressTest extends DiscardPolicyStressContract {

    @Override
    protected String provider() {
        return "macos";
    }
}
