import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def reports = new File(basedir, 'target/ptcheck')

assert log.contains('ptcheck: 3 cells: 1 failed (1 as expected), 2 passed;')
assert log =~ /(?m)^\[INFO\] generic-v6\.6@x86_64 +passed +50\/50 /
assert log =~ /(?m)^\[INFO\] s390-fullpage-v6\.7@s390x +passed +50\/50 /
assert log.contains('[INFO] failed as expected s390-naive-v1@s390x')
assert log.contains('[INFO]   expected: a violation (<expectedViolations>)')
// A line per finished cell, each with its verdict.
assert log =~ /\[INFO\] ptcheck: \[1\/3\] generic-v6\.6@x86_64 passed; 50 of 50 tries; explored \d+ states to depth 3 of 3; \d+\.\d s\n/
assert log =~ /\[INFO\] ptcheck: \[3\/3\] s390-naive-v1@s390x failed as expected \(UNION_CLOBBER at step 2\); /
assert log.contains('[INFO]   counterexample: target/ptcheck/s390-naive-v1@s390x.ptcheck')
assert log.contains('[INFO] exhaustive: every sequence of up to 3 operations, 2 CPUs, 2 mms, 40 tables:')
assert log =~ /\[INFO\]   generic-v6\.6@x86_64: clean to depth 3 of 3; \d+ states, \d+ transitions/
assert log =~ /\[INFO\]   s390-naive-v1@s390x: UNION_CLOBBER in 2 operations \(shortest\); /
assert !log.contains('[ERROR]')
assert log.contains('BUILD SUCCESS')

def json = new JsonSlurper().parse(new File(reports, 'ptcheck.json'))
assert json.totals.cells == 3
assert json.totals.notAsExpected == 0
assert json.cells*.cell == ['generic-v6.6@x86_64', 's390-fullpage-v6.7@s390x', 's390-naive-v1@s390x']
assert json.cells[2].expected && json.cells[2].verdict == 'failed'
assert json.cells[2].finding.violation.invariant == 'UNION_CLOBBER'
assert json.cells[2].finding.minimality == 'shortest (exhaustive)'
assert json.cells[0].coverage['explore.depthCompleted'] == 3

def junit = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new File(reports, 'TEST-ptcheck.xml')).documentElement
assert junit.getAttribute('tests') == '3'
assert junit.getAttribute('failures') == '0'
assert junit.getAttribute('skipped') == '1'

assert new File(reports, 'ptcheck.html').text.contains('failed as expected')
def cex = new File(reports, 's390-naive-v1@s390x.ptcheck').text
assert cex.contains('strategy: s390-naive-v1')
assert cex.contains('violation: UNION_CLOBBER')
assert !new File(reports, 'generic-v6.6@x86_64.ptcheck').exists()
