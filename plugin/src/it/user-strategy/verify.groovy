def log = new File(basedir, 'build.log').text

// The default cells are the project's strategies on the presets they serve, not the built-ins.
assert log.contains('ptcheck: 2 cells: 1 failed (1 as expected), 1 passed;')
assert log =~ /(?m)^\[INFO\] whole-page@x86_64 +passed +50\/50 /
assert log =~ /(?m)^\[INFO\] free-at-once@x86_64 +failed as expected /
assert !log.contains('generic-v6.6')
// Freeing a deferred table's page at once is caught, as a built-in's would be.
assert log =~ /\[INFO\]   (EARLY_FREE|USE_AFTER_FREE) at step \d+ on page \d+: /
assert log.contains('BUILD SUCCESS')

def cex = new File(basedir, 'target/ptcheck/free-at-once@x86_64.ptcheck').text
assert cex.contains('strategy: free-at-once\n')
