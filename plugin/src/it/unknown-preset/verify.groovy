def log = new File(basedir, 'build.log').text

assert log.contains("ptcheck: unknown preset 'x86-64' in <cells>; known presets: x86_64, arm64-4k, arm64-64k,"
        + " powerpc64-hash-64k, powerpc64-radix-64k, powerpc64-4k, s390x, s390x-pgste, sparc64, sparc32-srmmu"
        + " (define your own with <presets>)")
// Broken input is an execution error, not a finding; nothing was checked or written.
assert log.contains('MAVEN/MojoExecutionException')
assert !new File(basedir, 'target/ptcheck').exists()
