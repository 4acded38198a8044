package io.github.ptcheck.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * Catches a strategy that ends the JVM with {@code System.exit} while a command runs: without it
 * {@code System.exit(0)} in a routine reads as a pass (exit 0, only the header printed). A
 * shutdown hook that runs while the command has not finished names the class that called it and
 * halts with exit code 3. ({@code Runtime.halt} runs no hook, so nothing can catch a strategy that
 * calls it.)
 */
final class ExitGuard implements AutoCloseable {

    private final Thread hook;

    /** Guards the command from now until {@link #close}; {@code out} is flushed before the message. */
    ExitGuard(PrintWriter out, PrintWriter err) {
        hook = new Thread(() -> {
            out.flush();
            err.println("ptcheck cannot judge: " + caller() + " called System.exit while the command ran, which ends"
                    + " the JVM; a strategy must return a result (or throw), never exit");
            err.flush();
            Runtime.getRuntime().halt(Exit.FAILURE);
        }, "ptcheck-exit-guard");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** {@code strategy class q.Exits (in Exits.java:11, pteFreeDefer)}: the frame below System.exit, if found. */
    private static String caller() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            for (int i = 0; i + 1 < stack.length; i++) {
                String method = stack[i].getClassName() + "." + stack[i].getMethodName();
                if (method.equals("java.lang.System.exit") || method.equals("java.lang.Runtime.exit")) {
                    int j = i + 1;
                    while (j + 1 < stack.length && stack[j].getClassName().startsWith("java.lang.")) {
                        j++;
                    }
                    StackTraceElement f = stack[j];
                    return "strategy class " + f.getClassName() + " (in " + f.getMethodName() + ", "
                            + f.getFileName() + ":" + f.getLineNumber() + ")";
                }
            }
        }
        return "a strategy";
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it halts the JVM
        }
    }
}
