package io.github.ptcheck.cli;

import io.github.ptcheck.arch.Preset;
import io.github.ptcheck.arch.Presets;
import io.github.ptcheck.check.StrategyMethods;
import io.github.ptcheck.strategy.Strategy;
import io.vavr.collection.List;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code ptcheck presets}: the architecture geometries, and which strategies serve each. */
@Command(name = "presets", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Lists the presets: page size, table size, how many tables share a page, where the figures"
                + " come from in the kernel, and the strategies that serve each (yours too, with --strategy-class).",
            ""})
final class PresetsCommand extends UserCommand {

    @Override
    int run(UserOptions.Loaded loaded, PrintWriter out) {
        List<Preset> presets = Presets.all().appendAll(loaded.presets());
        List<Strategy> strategies = io.github.ptcheck.strategy.Strategies.all().appendAll(loaded.strategies());
        int width = presets.map(p -> p.name().length()).max().get();
        out.println(String.format("%-" + width + "s  %-7s  %6s  %6s  %9s  %s", "preset", "arch", "page", "table",
                "per page", "strategies that serve it"));
        for (Preset p : presets) {
            String served = strategies.filter(s -> StrategyMethods.serves(s, p)).map(StrategyMethods::name).mkString(", ");
            out.println(String.format("%-" + width + "s  %-7s  %6d  %6d  %9d  %s", p.name(), p.arch(), p.pageSize(),
                    p.tableSize(), p.tablesPerPage(), served.isEmpty() ? "none" : served).stripTrailing());
            out.println(" ".repeat(width + 2) + p.sourceAndDefer());
        }
        return Exit.OK;
    }
}
