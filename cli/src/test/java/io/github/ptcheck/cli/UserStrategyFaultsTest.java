package io.github.ptcheck.cli;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.strategy.ForwardingStrategy;
import io.github.ptcheck.strategy.Strategies;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strategies that fail where the command line calls them before any check: in {@code serves()}
 * while {@code presets} lists them. A fault of the strategy (exit 3, the strategy and the method
 * named), never an internal error, never a hang.
 */
class UserStrategyFaultsTest {

    public static class ServesThrows extends ForwardingStrategy {
        public ServesThrows() {
            super(Strategies.named("generic-v6.6"));
        }

        @Override
        public String name() {
            return "serves-throws";
        }

        @Override
        public boolean serves(Preset p) {
            throw new IllegalStateException("serves boom");
        }
    }

    /** Spins until interrupted: forever, unless something watches it and gives up on it. */
    public static class ServesSpins extends ServesThrows {
        @Override
        public String name() {
            return "serves-spins";
        }

        @Override
        public boolean serves(Preset p) {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            return false;
        }
    }

    /** The test classes' directory: a --strategy-path for the strategies defined in the tests. */
    static String classes() throws Exception {
        return Path.of(UserStrategyFaultsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    @Test
    void presetsNamesAServesThatThrows() throws Exception {
        Ptcheck.Run r = Ptcheck.inProcess("presets", "--strategy-path", classes(), "--strategy-class",
                ServesThrows.class.getName());
        assertEquals(3, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ptcheck cannot judge: strategy 'serves-throws' threw in serves(x86_64):"
                + " java.lang.IllegalStateException: serves boom"), r::toString);
    }

    /** Choosing the cells is watched under --call-timeout too (the default, 10 s, would make this test wait 20 s). */
    @Test
    void aServesThatNeverReturnsEndsTheCommandAfterTheCallTimeout() throws Exception {
        for (String command : new String[]{"presets", "check"}) {
            Ptcheck.Run r = Ptcheck.inProcess(command, "--strategy-path", classes(), "--strategy-class",
                    ServesSpins.class.getName(), "--call-timeout", "1");
            assertEquals(3, r.exit(), r::toString);
            assertTrue(r.err().startsWith("ptcheck cannot judge: strategy 'serves-spins' did not return within 1 s"
                    + " (the call timeout"), r::toString);
            assertTrue(r.err().contains(" in serves(x86_64)"), r::toString);
            assertTrue(r.err().contains("\n  if the strategy is only slow, raise --call-timeout (seconds)\n"),
                    r::toString);
        }
    }
}
