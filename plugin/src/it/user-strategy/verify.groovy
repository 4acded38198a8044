def log = new File(basedir, 'build.log').text

// The default cells are the project's strategies on the presets they serve, not the built-ins.
assert log.contains('ptcheck: 2 cells: 1 failed (1 as expected), 1 passed;')
assert log =~ /(?m)^\[INFO\] whole-page@x86_64 +passed +50\/50 /
assert log =~ /(?m)^\[INFO\] free-at-once@x86_64 +failed as expected /
assert !log.contains('generic-v6.6')
// Freeing a deferred table's page at once is caught, as a built-in's would be.
assert log =~ /\[INFO\]   (EARLY_FREE|USE_AFTER_FREE) at step \d+ on page \d+: /
assert log.contains('BUILD SUCCESS')

assert log.contains('[INFO]   counterexample: target/ptcheck/free-at-once@x86_64.ptcheck')

// 2: the build ends, naming the strategy, the routine, the step and the operation, and how to raise the limit.
assert log =~ /ptcheck cannot judge spins@x86_64: strategy 'spins' did not return within 1 s \(the call timeout; ptcheck gave up on it and left its thread running until the JVM exits\) in pte_free_defer at step \d+ \(freeDeferred t\d+\)/
assert log.contains('If it is only slow, raise -Dptcheck.callTimeout (seconds, 1 now).')
// Its reproduce command runs with the same call timeout, so that it fails the same way as quickly.
assert log.contains('[ERROR]   reproduce: mvn test-compile ptcheck:check -Dptcheck.cells=spins@x86_64 -Dptcheck.seed=0 -Dptcheck.tries=50 -Dptcheck.callTimeout=1 -Dptcheck.strategyClasses=com.example.Spins')
assert log.contains('MAVEN/MojoExecutionException')

// 3: the cell whose strategy throws has a block: what failed, where, the operations, the strategy's own frame and the
// command that fails the same way; the other cell is still checked, with its verdict.
assert log =~ /\[ERROR\] ptcheck: \[1\/3\] thrower@x86_64 NOT JUDGED, its strategy failed/
assert log =~ /\[INFO\] ptcheck: \[2\/3\] whole-page@x86_64 passed; 50 of 50 tries/
assert log =~ /\[INFO\] ptcheck: \[3\/3\] free-at-once@x86_64 failed as expected/
assert log.contains('[INFO] ptcheck: 2 cells judged, 1 not judged (below): 1 failed (1 as expected), 1 passed;')
assert log =~ /\[ERROR\] ptcheck cannot judge thrower@x86_64: strategy 'thrower' threw in pte_free_defer at step \d+ \(freeDeferred t\d+\): java.lang.UnsupportedOperationException: pte_free_defer: not written yet/
assert log =~ /\[ERROR\]   seed 0, \d+(st|nd|rd|th) try; the operations as run \(the teardown follows them\): [^\n]*freeDeferred t\d+/
assert log =~ /\[ERROR\]     at com.example.Thrower.pteFreeDefer\(Thrower.java:\d+\)/
assert log.contains('[ERROR]   reproduce: mvn test-compile ptcheck:check -Dptcheck.cells=thrower@x86_64 -Dptcheck.seed=0 -Dptcheck.tries=50 -Dptcheck.strategyClasses=com.example.Thrower')
assert log.contains('ptcheck: 1 cell not judged, the strategy failed: thrower@x86_64. See the ERROR block above and target/ptcheck/ptcheck.html')
// ptcheck.json keeps the cell, in its place, as not judged: no report (nor a merge of the jobs' reports) reads it as a pass.
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/ptcheck/ptcheck.json'))
assert json.cells*.cell == ['thrower@x86_64', 'whole-page@x86_64', 'free-at-once@x86_64']
assert json.cells*.verdict == ['notJudged', 'passed', 'failed']
assert json.cells[0].asExpected == false
assert json.cells[0].strategyFailure.reproduce.contains('ptcheck:check -Dptcheck.cells=thrower@x86_64')
assert json.totals.notJudged == 1 && json.totals.notAsExpected == 1
assert new File(basedir, 'target/ptcheck/TEST-ptcheck.xml').text.contains('errors="1"')
