def log = new File(basedir, 'build.log').text

assert log.contains('[INFO] ptcheck: skipped (skipTests)')
assert log.contains('[INFO] ptcheck: skipped (maven.test.skip)')
assert log.contains('[WARNING] ptcheck: -Dptcheck.depth=3 is ignored: the POM sets <depth>2</depth> in the plugin\'s'
        + ' configuration, and Maven puts the POM first.')
// The POM's value ran; the seed, which the POM does not set, came from the command line without a warning.
assert log.contains('; exhaustive to depth 2, at most 1000000 states per cell')
assert log.contains('ptcheck 0.1.0-SNAPSHOT: 1 cell, seed 5, ') || log =~ /ptcheck \S+: 1 cell, seed 5, /
assert !log.contains('-Dptcheck.seed=5 is ignored')
assert log.count('BUILD SUCCESS') == 3
