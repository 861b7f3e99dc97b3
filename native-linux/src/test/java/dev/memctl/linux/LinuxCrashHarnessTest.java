package dev.memctl.linux;

import dev.memctl.testkit.CrashHarnessContract;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The crash harness on the Linux provider. */
@EnabledOnOs(OS.LINUX)
class LinuxCrashHarnessTest extends CrashHarnessContract {

    @Override
    protected String provider() {
        return LinuxMemoryProvider.NAME;
    }
}
