package io.github.ptcheck.model;

import java.util.Arrays;

/**
 * Copy-on-write edits of the small arrays {@link Machine} keeps its state in: pages by pfn,
 * mms and readers sorted by number. A handful of elements each, so a copy beats any tree.
 */
final class CopyOnWrite {

    private CopyOnWrite() {
    }

    /** {@code pages} with {@code p} at its pfn. */
    static Page[] put(Page[] pages, Page p) {
        Page[] ps = Arrays.copyOf(pages, Math.max(pages.length, p.pfn() + 1));
        ps[p.pfn()] = p;
        return ps;
    }

    /** {@code pages} without page {@code pfn}, and no trailing null: equal states have equal arrays. */
    static Page[] without(Page[] pages, int pfn) {
        int n = pages.length;
        if (pfn == n - 1) {
            n--;
            while (n > 0 && pages[n - 1] == null) {
                n--;
            }
        }
        Page[] ps = Arrays.copyOf(pages, n);
        if (pfn < n) {
            ps[pfn] = null;
        }
        return ps;
    }

    /** {@code a} with its element at index {@code k} replaced by {@code v}. */
    static <T> T[] replaced(T[] a, int k, T v) {
        T[] b = a.clone();
        b[k] = v;
        return b;
    }

    /** {@code a} with {@code v} inserted at index {@code k}. */
    static <T> T[] inserted(T[] a, int k, T v) {
        T[] b = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, k, b, k + 1, a.length - k);
        b[k] = v;
        return b;
    }

    static int[] inserted(int[] a, int k, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, k, b, k + 1, a.length - k);
        b[k] = v;
        return b;
    }

    /** {@code a} without its element at index {@code k}. */
    static <T> T[] removed(T[] a, int k) {
        T[] b = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, k + 1, b, k, b.length - k);
        return b;
    }

    static int[] removed(int[] a, int k) {
        int[] b = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, k + 1, b, k, b.length - k);
        return b;
    }
}
