package dev.memctl.windows;

import dev.memctl.testkit.ProtectionHardwareContract;
import dev.memctl.testkit.ProviderUnderTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Protection in hardware on Windows (runs in the Actions matrix, not verified on Windows yet): a
 * forbidden raw access dies of {@code EXCEPTION_ACCESS_VIOLATION}; HotSpot's {@code os::abort}
 * without a core dump exits with 1 there too.
 */
@EnabledOnOs(OS.WINDOWS)
@ProviderUnderTest("windows")
class WindowsProtectionHardwareTest extends ProtectionHardwareContract {

    @Override
    protected Pattern faultLine() {
        return Pattern.compile(
                "EXCEPTION_ACCESS_VIOLATION \\(0xc0000005\\)[^\\n]*? (reading|writing) address 0x(?<address>[0-9a-f]+)",
                Pattern.CASE_INSENSITIVE);
    }
}
