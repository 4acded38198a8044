package io.github.ptcheck.cli;

import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.StrategyMethods;
import io.github.ptcheck.strategy.KnownVerdict;
import io.github.ptcheck.strategy.KnownVerdicts;
import io.github.ptcheck.strategy.Strategies;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.control.Option;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code ptcheck strategies}: each strategy, the kernel code it follows, and its known verdicts. */
@Command(name = "strategies", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Lists the strategies, the kernel code each follows, and on each preset it serves its known"
                + " verdict: passes, or the invariant it breaks and in how many operations, with the section of"
                + " docs/strategies.md that tells the story. Yours too, with --strategy-class.",
            ""})
final class StrategiesCommand extends UserCommand {

    @Override
    int run(UserOptions.Loaded loaded, PrintWriter out) {
        for (Strategy s : Strategies.all().appendAll(loaded.strategies())) {
            String name = StrategyMethods.name(s);
            out.println(name + (Strategies.knownBroken(name) ? "  (kept because it is broken)" : ""));
            out.println("  follows " + StrategyMethods.source(s));
            for (io.github.ptcheck.arch.Preset p : Presets.all().appendAll(loaded.presets()).filter(p -> StrategyMethods.serves(s, p))) {
                Option<KnownVerdict> v = KnownVerdicts.of(name, p.name());
                out.println("  " + p.name() + ": " + v.map(StrategiesCommand::verdict)
                        .getOrElse("no known verdict (yours: a check judges it)"));
            }
            out.println();
        }
        out.println("Each verdict's story: docs/strategies.md. Check them: ptcheck check all");
        return Exit.OK;
    }

    private static String verdict(KnownVerdict v) {
        return (v.passes() ? "passes" : "breaks " + v.expected() + " in " + v.shortest() + " operations") + " ("
                + v.reason() + "; " + v.docs() + ")";
    }
}
