package dev.memctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code memctl} command: a home for subcommands. Without one it says which to use. */
@Command(
        name = "memctl",
        mixinStandardHelpOptions = true,
        versionProvider = MemctlCommand.Version.class,
        description = "Tools for memctl, WebAssembly-style linear memories for the JVM that hand pages back to the OS.",
        subcommands = {MeasureCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
final class MemctlCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command: try 'memctl measure'");
    }

    /** The module's version, as Maven compiled it in. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MemctlCommand.class.getModule().getDescriptor() != null
                    ? MemctlCommand.class
                            .getModule()
                            .getDescriptor()
                            .rawVersion()
                            .orElse(null)
                    : MemctlCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "memctl " + (v == null ? "(development build)" : v),
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"
            };
        }
    }
}
