package dev.memctl.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine;

/**
 * Entry point of the {@code memctl} command line. Exit status: 0 success, 1 a failure inside a
 * run or output that could not be written, 2 bad input (reported as one line on stderr).
 */
public final class Main {

    private Main() {}

    /**
     * Runs {@code memctl} with the command line's arguments and exits the JVM with the status
     * above; never returns.
     *
     * @param args the subcommand and its options, as {@code memctl --help} lists them
     */
    public static void main(String[] args) {
        // Not System.out: a PrintStream swallows write errors, and `memctl measure > /dev/full`
        // would exit 0 with nothing written.
        Writer out = new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), System.out.charset());
        PrintWriter err = new PrintWriter(System.err, true);
        int status = run(args, out, err);
        err.flush();
        System.exit(status);
    }

    /**
     * Runs the command line with {@code args}, writing to {@code out} and {@code err}; returns the
     * exit status. If writing to {@code out} fails, says so on {@code err} and returns 1 (or the
     * command's own non-zero status).
     */
    static int run(String[] args, Writer out, PrintWriter err) {
        FailureRecorder recorder = new FailureRecorder(out);
        PrintWriter printer = new PrintWriter(recorder, true);
        int status = commandLine(printer, err).execute(args);
        printer.flush();
        if (printer.checkError()) {
            err.println("memctl: cannot write to standard output"
                    + (recorder.failure == null ? "" : ": " + recorder.failure.getMessage()));
            err.flush();
            return status == CommandLine.ExitCode.OK ? 1 : status;
        }
        return status;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MemctlCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            String message = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("");
            failed.getErr()
                    .println(failed.getCommandSpec().qualifiedName() + ": " + message + " (see '"
                            + failed.getCommandSpec().qualifiedName() + " --help')");
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

    /**
     * Remembers the first exception of the writer under a {@link PrintWriter}, which only keeps
     * a flag ({@link PrintWriter#checkError()}), so the message can name the cause ("No space left
     * on device").
     */
    private static final class FailureRecorder extends FilterWriter {

        IOException failure;

        FailureRecorder(Writer out) {
            super(out);
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        @Override
        public void write(int c) throws IOException {
            try {
                super.write(c);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            try {
                super.write(buf, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            try {
                super.write(str, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                super.flush();
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (IOException e) {
                throw record(e);
            }
        }
    }
}
