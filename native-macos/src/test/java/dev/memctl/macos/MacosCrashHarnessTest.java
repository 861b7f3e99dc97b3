package dev.memctl.macos;

import dev.memctl.testkit.CrashHarnessContract;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The crash harness on the macOS provider. Runs only on its OS. */
@EnabledOnOs(OS.MAC)
class MacosCrashHarnessTest extends CrashHarnessContract {

    @Override
    protected String provider() {
        return "macos";
    }
}
