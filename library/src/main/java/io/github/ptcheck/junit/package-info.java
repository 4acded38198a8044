/**
 * JUnit Jupiter integration: {@link io.github.ptcheck.junit.PtcheckProperty} makes a test method
 * a property test of a page-table freeing strategy, either of the model's invariants or of a
 * property the method's body states over generated sequences, with shrinking, a counterexample
 * file and the way to reproduce in the failure. Needs {@code junit-jupiter-api} (an optional
 * dependency of ptcheck: a project that writes JUnit tests has it). See {@code docs/junit.md}.
 */
package io.github.ptcheck.junit;
