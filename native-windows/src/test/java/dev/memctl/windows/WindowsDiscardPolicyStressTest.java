package dev.memctl.windows;

import dev.memctl.testkit.DiscardPolicyStressContract;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The discard-policy stress tests on the windows provider. Runs on its OS only (the GitHub Actions
 * matrix). The lazy test runs without pressure: Windows offers no call that makes it drop the
 * {@code MEM_RESET} pages of a range on demand (trimming the working set only moves them to the
 * standby list, from which a touch brings them back), so it checks the threads' models against
 * pages that Windows drops only if the machine happens to run short of memory.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsDiscardPolicyStressTest extends DiscardPolicyStressContract {

    @Override
    protected String provider() {
        return "windows";
    }
}
