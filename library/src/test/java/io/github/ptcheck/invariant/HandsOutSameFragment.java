package io.github.ptcheck.invariant;

import io.github.ptcheck.SharedPages;
import io.github.ptcheck.model.Machine;

/**
 * Bug: {@code get_pte_from_cache()} hands out the cursor's fragment without moving
 * {@code mm->context.pte_frag} forward, so the next allocation gets the same fragment.
 */
public final class HandsOutSameFragment extends SharedPages {

    @Override
    protected Machine advanceCursor(Machine m, int mmId) {
        return m;
    }
}
