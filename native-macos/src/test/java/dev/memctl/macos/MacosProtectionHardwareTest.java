package dev.memctl.macos;

import dev.memctl.testkit.ProtectionHardwareContract;
import dev.memctl.testkit.ProviderUnderTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Protection in hardware on macOS (runs in the Actions matrix, not verified on a Mac yet): Darwin
 * raises {@code SIGBUS} or {@code SIGSEGV} for a protected page, and HotSpot may turn a {@code
 * SIGBUS} in an Unsafe access into an {@link InternalError}.
 */
@EnabledOnOs(OS.MAC)
@ProviderUnderTest("macos")
class MacosProtectionHardwareTest extends ProtectionHardwareContract {

    @Override
    protected Pattern faultLine() {
        return Pattern.compile(
                "si_signo: (10|11) \\((SIGBUS|SIGSEGV)\\), si_code: \\d+ \\(\\w+\\), si_addr: 0x(?<address>[0-9a-f]+)");
    }

    @Override
    protected boolean faultMayBecomeError() {
        return true;
    }
}
