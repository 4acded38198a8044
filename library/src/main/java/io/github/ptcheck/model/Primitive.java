package io.github.ptcheck.model;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The scheduling points of an interleaved run: the machine's primitives and the executor's
 * operations, each with how a call of it is written ({@link KernelCall#toString()}).
 */
public enum Primitive {
    ALLOC_PAGE("alloc_page()"),
    FREE_PAGE("__free_page(page %s)"),
    /** 6.6's name ({@code include/linux/mm.h}); the model names the ptdesc by its page. */
    PAGETABLE_PTE_CTOR("pagetable_pte_ctor(page %s)"),
    /**
     * The constructor since 6.16, which takes the mm (Kevin Brodsky, "mm: pass mm down to
     * pagetable_{pte,pmd}_ctor", in "Always call constructor for kernel page tables").
     */
    PAGETABLE_PTE_CTOR_MM("pagetable_pte_ctor(mm%s, page %s)"),
    /** 6.6's name ({@code include/linux/mm.h}); 6.14 removed it for {@link #PAGETABLE_DTOR}. */
    PAGETABLE_PTE_DTOR("pagetable_pte_dtor(page %s)"),
    /**
     * The destructor of every level since 6.14 (db6b435d731a, "mm: pgtable: introduce
     * pagetable_dtor()", Qi Zheng), which removed {@code pagetable_pte_dtor()}.
     */
    PAGETABLE_DTOR("pagetable_dtor(page %s)"),
    /**
     * The constructor up to 6.5 ({@code include/linux/mm.h}, taking the {@code struct page}), as the
     * pte_free_defer() patches of May and June 2023 against 6.4 call it; 6.6 renamed it to
     * {@link #PAGETABLE_PTE_CTOR}.
     */
    PGTABLE_PTE_PAGE_CTOR("pgtable_pte_page_ctor(page %s)"),
    /** The destructor up to 6.5, as those patches call it; 6.6 renamed it to {@link #PAGETABLE_PTE_DTOR}. */
    PGTABLE_PTE_PAGE_DTOR("pgtable_pte_page_dtor(page %s)"),
    SET_PAGE_ACTIVE("SetPageActive(page %s)"),
    CLEAR_PAGE_ACTIVE("ClearPageActive(page %s)"),
    SET_PT_FRAG_REFCOUNT("atomic_set(page %s pt_frag_refcount, %s)", a -> new Object[]{a[0], Atomics.hex((Integer) a[1])}),
    /**
     * Written as its trace line writes it: {@code atomic_add(n, ...)} or {@code atomic_sub(n, ...)}.
     * Strategies use it for several kernel operations ({@code atomic_dec_and_test()} in
     * {@code pte_fragment_free()}, {@code atomic_sub_and_test()} in {@code pte_frag_destroy()});
     * the machine sees only the delta, so the text names the plain operation it does.
     */
    ADD_PT_FRAG_REFCOUNT("%s(%s, page %s pt_frag_refcount)",
            a -> new Object[]{Atomics.addName((Integer) a[1]), Atomics.hex(Math.abs((Integer) a[1])), a[0]}),
    SET_PT_MM("page %s pt_mm = mm%s"),
    XOR_BITS("atomic_xor_bits(page %s _refcount, %s)", a -> new Object[]{a[0], Atomics.xorBitsArg((Integer) a[1])}),
    SET_REFCOUNT("atomic_set(page %s _refcount, 0x%08x)"),
    INIT_LIST_HEAD("INIT_LIST_HEAD(page %s lru)"),
    LIST_ADD("list_add(page %2$s lru, mm%1$s pgtable_list)"),
    LIST_ADD_TAIL("list_add_tail(page %2$s lru, mm%1$s pgtable_list)"),
    LIST_DEL_INIT("list_del_init(page %s lru)"),
    LIST_DEL("list_del(page %s lru)"),
    PTE_FRAG_SET("mm%s->context.pte_frag = page %s fragment %s"),
    PTE_FRAG_CLEAR("mm%s->context.pte_frag = NULL"),
    CALL_RCU("call_rcu(page %s rcu_head, %s)"),
    TLB_REMOVE_TABLE("tlb_remove_table(t%s)"),
    TAKE_CALLBACK("eligible RCU callback %s taken to run"),
    SPIN_LOCK("spin_lock(%s)"),
    SPIN_UNLOCK("spin_unlock(%s)"),
    SPIN_LOCK_BH("spin_lock_bh(%s)"),
    SPIN_UNLOCK_BH("spin_unlock_bh(%s)"),
    READ_ONCE("READ_ONCE()"),
    PMD_POPULATE("pmd_populate(mm%s, page %s fragment %s)"),
    PMD_CLEAR("pmd_clear(t%s, walkers %s)"),
    ENTER("%2$s() on cpu%1$s"),
    LOOKUP("walk of t%2$s on cpu%1$s"),
    SYNC_ONE("tlb_remove_table_sync_one()"),
    LEAVE("end of the read section on cpu%s"),
    EXIT_MMAP_BEGIN("exit_mmap(mm%s) begins"),
    EXIT_MMAP_DONE("exit_mmap(mm%s) done");

    /**
     * {@link #PGTABLE_PTE_PAGE_CTOR}, the constructor under its name before 6.6. Until the model
     * had a primitive for the old name this was {@link #PAGETABLE_PTE_CTOR}, whose calls
     * {@link Machine#pgtablePtePageCtor} then made; it follows that method's calls.
     *
     * @deprecated use {@link #PGTABLE_PTE_PAGE_CTOR}; not a constant of its own, so {@code valueOf}
     *             and {@code case} labels do not know it
     */
    @Deprecated(forRemoval = true)
    public static final Primitive PTE_PAGE_CTOR = PGTABLE_PTE_PAGE_CTOR;

    /**
     * {@link #PGTABLE_PTE_PAGE_DTOR}, the destructor under its name before 6.6; until then
     * {@link #PAGETABLE_PTE_DTOR}, as for {@link #PTE_PAGE_CTOR}.
     *
     * @deprecated use {@link #PGTABLE_PTE_PAGE_DTOR}; not a constant of its own, so {@code valueOf}
     *             and {@code case} labels do not know it
     */
    @Deprecated(forRemoval = true)
    public static final Primitive PTE_PAGE_DTOR = PGTABLE_PTE_PAGE_DTOR;

    private final String shape;
    /** The call's arguments as {@link #shape} takes them: values written as the trace line writes them. */
    private final UnaryOperator<Object[]> shown;

    Primitive(String shape) {
        this(shape, UnaryOperator.identity());
    }

    Primitive(String shape, UnaryOperator<Object[]> shown) {
        this.shape = shape;
        this.shown = shown;
    }

    /** A call of it with {@code args} as text ({@link KernelCall#toString()}). */
    String render(Object[] args) {
        return String.format(Locale.ROOT, shape, shown.apply(args));
    }

    /** A call of it with {@code args}, in the order of the machine method's parameters. */
    public KernelCall with(Object... args) {
        return new KernelCall(this, args);
    }
}
