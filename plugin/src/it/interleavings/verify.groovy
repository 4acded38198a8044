def log = new File(basedir, 'build.log').text

// 1: one CPU at a time the cursor is right: the plain check passes.
assert log =~ /(?m)^\[INFO\] unlocked-cursor@powerpc64-hash-64k +passed +50\/50 /

// 2: with interleavings, two allocations hand out one fragment; the block names the schedule,
// and the trace shows the two CPUs side by side.
assert log.contains('shrink limit 30 s; interleavings: at most 2 preemptions')
assert log.contains('[ERROR]   DOUBLE_ALLOC at step 2 on page 0: pte_alloc_one handing out page 0 fragment 1 while t1 still uses it')
assert log =~ /\[ERROR\]   seed 0, \d+(st|nd|rd|th) try; shrunk from \d+ to 3 operations \(1-minimal\); interleaved: schedule 2:0 3 \(1 preemption: step 2 is preempted before its first kernel call, step 3 runs to its end; then every step left runs to its end, in order\):/
assert log =~ /\[ERROR\]       CPU A +\| CPU B/
assert log.contains('~~ preempted ~~')
assert log =~ /reproduce: mvn test-compile ptcheck:check -Dptcheck.cells=unlocked-cursor@powerpc64-hash-64k -Dptcheck.seed=0 -Dptcheck.tries=50 -Dptcheck.interleavings=true -Dptcheck.strategyClasses=com.example.UnlockedCursor/

// 3: exhaustively, with one preemption: the shortest race is two allocations that both find no
// cursor, each allocates a page, and the second cursor overwrites the first: 15 fragments leak.
assert log.contains('interleavings: at most 1 preemption')
assert log.contains('[INFO]   unlocked-cursor@powerpc64-hash-64k: LEAK in 2 operations (shortest), schedule 1:0 2 1; ')
assert log.contains('found by exhaustive search: 2 operations, none shorter; interleaved: schedule 1:0 2 1 (1 preemption:')
assert log.contains('-Dptcheck.interleavings=true -Dptcheck.preemptions=1')

// 4: the file records the schedule; its replay runs the same interleaving and reproduces the leak.
def cex = new File(basedir, 'target/ptcheck/unlocked-cursor@powerpc64-hash-64k.ptcheck').text
assert cex.contains('\nschedule: 1:0 2 1\n')
assert cex.contains('(of the preset, strategy, schedule and operations as written')
assert log.contains('16 per page (H_PTE_FRAG_NR = 16: 2 KiB of PTEs + 2 KiB of hash-slot data per table (book3s64/hash-64k.h)), 2 operations, interleaved under schedule 1:0 2 1')
assert log.contains('[ERROR] reproduced on unlocked-cursor on powerpc64-hash-64k under schedule 1:0 2 1: LEAK at step 4 on page 0')

def json = new File(basedir, 'target/ptcheck/ptcheck.json').text
assert json.contains('"schedule": "1:0 2 1"')
