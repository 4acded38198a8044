def log = new File(basedir, 'build.log').text

assert log.contains('[ERROR] FAILED (known broken) powerpc-naive-v1@powerpc64-hash-64k')
assert log.contains('[ERROR]   RCU_HEAD_REUSE at step 4 on page 0: call_rcu(page 0 rcu_head, pte_free_now)')
// The shrunk sequence: four operations, the fourth marked.
assert log =~ /\[ERROR\]   seed 0, try \d+; shrunk from \d+ to 4 operations \(1-minimal\):\n/ +
        /\[ERROR\]       1  alloc mm0\n/ +
        /\[ERROR\]       2  alloc mm0\n/ +
        /\[ERROR\]       3  freeDeferred t0\n/ +
        /\[ERROR\]   >>  4  freeDeferred t1\n/
assert log.contains('[ERROR]     ptcheck trace: powerpc-naive-v1 on powerpc64-hash-64k (16 tables per page)')
assert log =~ /\[ERROR\]   reproduce: (\.\/mvnw|mvn)( -f \S+\/pom\.xml)? ptcheck:check -Dptcheck\.cells=powerpc-naive-v1@powerpc64-hash-64k -Dptcheck\.seed=0\n/
assert log =~ /\[ERROR\]   replay: +(\.\/mvnw|mvn)( -f \S+\/pom\.xml)? ptcheck:replay -Dptcheck\.file=target\/ptcheck\/powerpc-naive-v1@powerpc64-hash-64k\.ptcheck\n/
// A finding is a build failure (MojoFailureException), not an error.
assert log.contains('ptcheck: a violation in powerpc-naive-v1@powerpc64-hash-64k (RCU_HEAD_REUSE at step 4)')
assert log.contains('MAVEN/MojoFailureException')

def cex = new File(basedir, 'target/ptcheck/powerpc-naive-v1@powerpc64-hash-64k.ptcheck').text
assert cex.contains('violation: RCU_HEAD_REUSE step=4 page=0\nseed: 0\n')
assert cex.contains('\nalloc mm0\nalloc mm0\nfreeDeferred t0\nfreeDeferred t1\n')
assert new File(basedir, 'target/ptcheck/TEST-ptcheck.xml').text.contains('failures="1"')
