def log = new File(basedir, 'build.log').text

// One ERROR block for the bug on both presets, with one trace.
assert log.contains('[ERROR] FAILED generic-v6.6 on 2 presets: powerpc64-hash-64k, powerpc64-radix-64k')
assert log.contains('[ERROR]   RCU_HEAD_REUSE at step 4 on page 0: call_rcu(page 0 rcu_head, pte_free_now)')
// The shrunk sequence: four operations, the fourth marked.
assert log =~ /\[ERROR\]   seed 0, \d+(st|nd|rd|th) try; shrunk from \d+ to 4 operations \(1-minimal\):\n/ +
        /\[ERROR\]       1  alloc mm0\n/ +
        /\[ERROR\]       2  alloc mm0\n/ +
        /\[ERROR\]       3  freeDeferred t0\n/ +
        /\[ERROR\]   >>  4  freeDeferred t1\n/
assert log.contains('[ERROR]   on powerpc64-radix-64k: RCU_HEAD_REUSE step 4, the same 4 operations')
assert log.contains('[ERROR]     ptcheck trace: generic-v6.6 on powerpc64-hash-64k (16 tables per page)')
assert log =~ /\[ERROR\]   reproduce: (\.\/mvnw|mvn)( -f \S+\/pom\.xml)? ptcheck:check -Dptcheck\.cells=generic-v6\.6@powerpc64-hash-64k,generic-v6\.6@powerpc64-radix-64k -Dptcheck\.seed=0\n/
assert log =~ /\[ERROR\]   replay: +(\.\/mvnw|mvn)( -f \S+\/pom\.xml)? ptcheck:replay -Dptcheck\.file=target\/ptcheck\/generic-v6\.6@powerpc64-radix-64k\.ptcheck\n/
// A line per finished cell.
assert log =~ /\[INFO\] ptcheck: \[1\/2\] generic-v6\.6@powerpc64-hash-64k FAILED \(RCU_HEAD_REUSE at step 4\); \d+ of 200 tries; \d+\.\d s\n/
// A finding is a build failure (MojoFailureException), not an error, and its last line is short.
def last = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal') }
def message = last.substring(last.indexOf('ptcheck: generic-v6.6'), last.indexOf(' -> [Help 1]'))
assert message == 'ptcheck: generic-v6.6 on 2 presets (RCU_HEAD_REUSE). See the ERROR block above and target/ptcheck/ptcheck.html'
assert log.contains('MAVEN/MojoFailureException')

def cex = new File(basedir, 'target/ptcheck/generic-v6.6@powerpc64-hash-64k.ptcheck').text
assert cex.contains('violation: RCU_HEAD_REUSE step=4 page=0\nseed: 0\n')
assert cex.contains('\nalloc mm0\nalloc mm0\nfreeDeferred t0\nfreeDeferred t1\n')
assert cex.contains('\n#   mvn io.github.ptcheck:ptcheck-maven-plugin:')

// JUnit XML: the module and the strategy in the class name, real times.
def junit = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new File(basedir, 'target/ptcheck/TEST-ptcheck.xml')).documentElement
assert junit.getAttribute('name') == 'ptcheck.unexpected-violation'
assert junit.getAttribute('failures') == '2'
def cases = junit.getElementsByTagName('testcase')
assert cases.item(0).getAttribute('classname') == 'ptcheck.unexpected-violation.generic-v6_6'
assert cases.item(0).getAttribute('name') == 'generic-v6.6@powerpc64-hash-64k'
assert cases.item(0).getAttribute('time') ==~ /\d+\.\d{3}/
assert junit.getAttribute('time') != '0.000'
