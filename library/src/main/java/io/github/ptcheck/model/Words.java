package io.github.ptcheck.model;

/**
 * Who owns the two words of {@code struct page} that are, at different times, {@code lru}
 * (list linkage), {@code rcu_head} ({@code next}, {@code func}) and, for page-table pages,
 * {@code _pt_pad_1} / {@code pmd_huge_pte}. Today's {@code struct ptdesc} spells them as the
 * union of {@code pt_rcu_head}, {@code pt_list} and {@code {_pt_pad_1, pmd_huge_pte}}.
 *
 * <p>Only one field can own the words at a time; a primitive that writes one field while
 * another owns them reports {@code UNION_CLOBBER} (or {@code RCU_HEAD_REUSE}).
 */
public sealed interface Words {

    /** Nobody's: fresh from the page allocator (poisoned list pointers) or an rcu_head whose callback ran. */
    Words UNUSED = new Unused();
    /** {@code lru} initialised to point at itself ({@code INIT_LIST_HEAD}, {@code list_del_init}). */
    Words LRU_EMPTY = new LruEmpty();
    /** {@code lru} after {@code list_del()}: {@code LIST_POISON1} / {@code LIST_POISON2}, on no list. */
    Words LRU_POISONED = new LruPoisoned();

    static Words lru(int mm) {
        return new LruLinked(mm);
    }

    static Words rcuHead(String func) {
        return new RcuHeadQueued(func);
    }

    /** The field name as the kernel spells it, for reports. */
    String field();

    /** What a kernel developer reads in a trace. */
    String describe();

    record Unused() implements Words {
        public String field() {
            return "-";
        }

        public String describe() {
            return "unused";
        }
    }

    record LruEmpty() implements Words {
        public String field() {
            return "lru";
        }

        public String describe() {
            return "lru (empty, on no list)";
        }
    }

    record LruPoisoned() implements Words {
        public String field() {
            return "lru";
        }

        public String describe() {
            return "lru (LIST_POISON, off its list by list_del)";
        }
    }

    /** {@code lru} linked on {@code mm->context.pgtable_list}. */
    record LruLinked(int mm) implements Words {
        public String field() {
            return "lru";
        }

        public String describe() {
            return "lru (on mm" + mm + " pgtable_list)";
        }
    }

    /** {@code rcu_head} queued by {@code call_rcu(head, func)}: {@code func} not yet run. */
    record RcuHeadQueued(String func) implements Words {
        public String field() {
            return "rcu_head";
        }

        public String describe() {
            return "rcu_head (queued, func=" + func + ")";
        }
    }
}
