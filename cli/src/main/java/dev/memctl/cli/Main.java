package dev.memctl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code memctl} command line. Exit status: 0 success, 1 a failure inside a
 * run, 2 bad input (reported as one line on stderr).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs the command line with {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MemctlCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message
                    + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().flush();
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": internal error: " + e);
            e.printStackTrace(failed.getErr());
            failed.getErr().flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }
}
