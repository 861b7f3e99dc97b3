package dev.memctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memctl.spi.Providers;
import dev.memctl.testkit.FileMappingContract;
import dev.memctl.testkit.ProviderUnderTest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The file-mapping contract on Windows, where the provider refuses every file verb with its
 * documented reason ({@link WindowsMemoryProvider#NO_FILE_MAPPING}): only the refusal test runs.
 */
@EnabledOnOs(OS.WINDOWS)
@ProviderUnderTest("windows")
class WindowsFileMappingTest extends FileMappingContract {

    @Test
    void theReasonIsThePlaceholderLimitation() {
        assertEquals(
                Optional.of(WindowsMemoryProvider.NO_FILE_MAPPING),
                Providers.byName("windows").fileMappingUnavailableReason());
    }
}
