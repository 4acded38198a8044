def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
// The built-ins, with their known verdicts: the build passes, the bugs are shown as expected.
assert log.contains('ptcheck: 29 cells: 10 failed (10 as expected), 19 passed;')
assert log.contains('[INFO] failed as expected powerpc-naive-v1 on 2 presets: powerpc64-hash-64k, powerpc64-radix-64k')
assert log.contains('[INFO]   expected: RCU_HEAD_REUSE (known verdict, docs/strategies.md#the-two-bugs-of-the-first-patch)')
assert log =~ /\[INFO\] ptcheck: \[29\/29\] x86-v6\.14-semi-rcu@x86_64 failed as expected \(EARLY_FREE at step 3; also USE_AFTER_FREE\); 18 of 200 tries; \d+\.\d s\n/
// After its first failing try (3) the cell went on as Hypothesis does: try 9 broke USE_AFTER_FREE, so 2 * 9 tries.
assert !log.contains('[ERROR]')
// The JUnit test ran, named by its strategy, preset and seed in Surefire's report.
def surefire = new File(basedir, 'target/surefire-reports/TEST-com.example.PagePerTableTest.xml').text
assert surefire.contains('name="keepsTheInvariants() my-generic on x86_64, 500 tries, seed 0"')
assert surefire.contains('failures="0"')

// The JUnit XML of the check names the module in its class names.
def junit = new File(basedir, 'target/ptcheck/TEST-ptcheck.xml').text
assert junit.contains('classname="ptcheck.my-page-tables.powerpc-naive-v1"')
