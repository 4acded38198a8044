/**
 * Seeded generators of operation sequences: {@link io.github.ptcheck.gen.Sequences} makes a
 * {@link io.github.ptcheck.gen.Generator} for a strategy on a preset; each try draws its own
 * weights ({@link io.github.ptcheck.gen.Profile}) from {@link io.github.ptcheck.gen.SplitMix64}
 * and runs the model as it goes, so only enabled operations are generated.
 */
package io.github.ptcheck.gen;
