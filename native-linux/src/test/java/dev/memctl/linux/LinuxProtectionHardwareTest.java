package dev.memctl.linux;

import dev.memctl.testkit.ProtectionHardwareContract;
import dev.memctl.testkit.ProviderUnderTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Protection in hardware on Linux: a forbidden raw access dies of {@code SIGSEGV} with {@code
 * SEGV_ACCERR}, a page that is mapped but without the right, never {@code SEGV_MAPERR}: unmapped
 * and never-mapped pages of a virtual memory stay reserved ({@code PROT_NONE}), so no other mapping
 * can take their place.
 */
@EnabledOnOs(OS.LINUX)
@ProviderUnderTest("linux")
class LinuxProtectionHardwareTest extends ProtectionHardwareContract {

    @Override
    protected Pattern faultLine() {
        return Pattern.compile(
                "si_signo: 11 \\(SIGSEGV\\), si_code: 2 \\(SEGV_ACCERR\\), si_addr: 0x(?<address>[0-9a-f]+)");
    }
}
