def log = new File(basedir, 'build.log').text

// 1: the aggregator is skipped with the switch that would check it; the pom module without modules is checked.
assert log.contains('[INFO] ptcheck: skipped: this project only aggregates modules (packaging pom with 2 modules);'
        + ' the modules are checked on their own. To check it too, set -Dptcheck.checkAggregator=true or'
        + ' <checkAggregator>true</checkAggregator>')
assert log.contains('[ERROR] FAILED generic-v6.6@powerpc64-hash-64k')
// Every path in a module's block is named from the top, where the reproduce command runs with -f.
assert log.contains('[ERROR]   counterexample: checks/target/ptcheck/generic-v6.6@powerpc64-hash-64k.ptcheck')
assert log.contains('[ERROR]   reproduce: mvn -f checks/pom.xml ptcheck:check -Dptcheck.cells=generic-v6.6@powerpc64-hash-64k')
// ... except the replay's file parameter, which Maven resolves against the module -f names.
assert log.contains('[ERROR]   replay:    mvn -f checks/pom.xml ptcheck:replay'
        + ' -Dptcheck.file=target/ptcheck/generic-v6.6@powerpc64-hash-64k.ptcheck')
assert log.contains('[INFO] ptcheck reports: checks/target/ptcheck (')
assert log.contains('[WARNING] ptcheck: generic-v6.6@powerpc64-hash-64k (RCU_HEAD_REUSE at step 4). See the ERROR block'
        + ' above and checks/target/ptcheck/ptcheck.html')
assert log.contains('[INFO] ptcheck reports: strategies/target/ptcheck (')
// checks depends on strategies of this build: the reproduce command needs it installed, and the log says so.
assert log.contains('[ERROR] ptcheck: the reproduce commands build checks alone, and it depends on'
        + ' com.example.multi:strategies of this build, which Maven then takes from the local repository: install them'
        + ' first (mvn install -DskipTests -pl :checks -am), or the commands fail with \'Could not find artifact\'.')
assert log.count('ptcheck: the reproduce commands build') == 2 : 'once per run of checks (1 and 2), never for strategies,' +
        ' whose parent is found without the repository'
// 2 and 3: each report names its module; two modules' reports are refused by module.
assert new File(basedir, 'checks/target/ptcheck/ptcheck.json').text.contains('"module": "com.example.multi:checks"')
assert log =~ /ptcheck:merge: the reports are of 2 modules \(com\.example\.multi:checks: \S+checks\/target\/ptcheck\/ptcheck\.json; com\.example\.multi:strategies: \S+strategies\/target\/ptcheck\/ptcheck\.json\): merge each module's reports on its own/
assert !log.contains('are both job 1/2')
// 4
assert log.contains('ptcheck:merge: no reports to merge: set ptcheck.reports to the jobs\' ptcheck.json files or the'
        + ' directory CI downloaded them to, e.g. mvn ptcheck:merge -Dptcheck.reports=shards (docs/ci-matrix.md)')
