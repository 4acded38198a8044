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
assert log.contains('MAVEN/MojoExecutionException')
// The reports of 1 were cleared when 2 started: what is left cannot pass for 2's.
assert !new File(basedir, 'target/ptcheck/free-at-once@x86_64.ptcheck').exists()
assert !new File(basedir, 'target/ptcheck/ptcheck.json').exists()
