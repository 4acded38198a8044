def log = new File(basedir, 'build.log').text

assert log.contains('[INFO] ptcheck: skipped (skipTests)')
assert log.contains('[INFO] ptcheck: skipped (maven.test.skip)')
assert log.contains('[WARNING] ptcheck: -Dptcheck.depth=3 is ignored: the POM sets <depth>2</depth> in the'
        + ' plugin-level <configuration>, and Maven puts the POM first. To choose it on the command line, remove it'
        + ' there and give the POM\'s value as a property instead, <properties><ptcheck.depth>2</ptcheck.depth>'
        + '</properties>, which -D overrides.')
assert log.contains('[WARNING] ptcheck: -Dptcheck.tries=6 is ignored: the POM sets <tries>5</tries> inside'
        + ' <execution> <id>default</id>, and Maven puts the POM first.')
// The advice holds: the POM property <ptcheck.maxLength>40 (the default, so that invocation 4 runs as before) gave way to -Dptcheck.maxLength=20, without a warning.
assert log =~ /ptcheck \S+: 1 cell, seed 5, 5 tries of up to 20 operations;/
assert !log.contains('-Dptcheck.maxLength=20 is ignored')
// The POM's value ran; the seed, which the POM does not set, came from the command line without a warning.
assert log =~ /; exhaustive to depth 2, at most \d+ states per cell \(from the \d+ MB heap\)/
assert log.contains('ptcheck 0.1.0-SNAPSHOT: 1 cell, seed 5, ') || log =~ /ptcheck \S+: 1 cell, seed 5, /
assert !log.contains('-Dptcheck.seed=5 is ignored')
// 4: the violation is reported at ERROR, the build goes on with a warning that says why.
assert log.contains('[ERROR] FAILED generic-v6.6@powerpc64-hash-64k')
assert log.contains('[WARNING] ptcheck: generic-v6.6@powerpc64-hash-64k (RCU_HEAD_REUSE at step 4). See the ERROR block above and target/ptcheck/ptcheck.html')
assert log.contains('[WARNING] maven.test.failure.ignore is true: the build goes on.')
assert log.count('BUILD SUCCESS') == 4
