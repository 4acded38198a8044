package io.github.ptcheck.model;

/**
 * One thing the kernel did inside an operation, in kernel words ({@code call_rcu},
 * {@code list_add}, {@code SetPageActive}, ...), recorded only while tracing.
 *
 * @param text what was done
 * @param pfn  the page touched, or -1
 */
public record Event(String text, int pfn) {
}
