package dev.memctl.windows;

import dev.memctl.testkit.CrashHarnessContract;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The crash harness on the Windows provider. Runs only on its OS. Its {@code decommit-recommit}
 * strategy is not shared-safe, so the harness runs those discards with the memory to themselves.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsCrashHarnessTest extends CrashHarnessContract {

    @Override
    protected String provider() {
        return "windows";
    }
}
