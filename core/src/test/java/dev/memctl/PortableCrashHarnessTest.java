package dev.memctl;

import dev.memctl.testkit.CrashHarnessContract;

/** The crash harness on the portable provider, which every OS has. */
class PortableCrashHarnessTest extends CrashHarnessContract {

    @Override
    protected String provider() {
        return "portable";
    }
}
