def log = new File(basedir, 'build.log').text

// 1 and 2: the trace, and that it reproduced.
assert log.contains('[ERROR] ptcheck trace: powerpc-naive-v1 on powerpc64-hash-64k (16 tables per page)')
assert log.contains('[ERROR] >>  4  freeDeferred t1')
assert log.contains('[ERROR] reproduced on powerpc-naive-v1 on powerpc64-hash-64k: RCU_HEAD_REUSE at step 4 on page 0')
assert log =~ /ptcheck: the replay of \S*naive\.ptcheck broke an invariant: RCU_HEAD_REUSE at step 4 on page 0: .*\(reproduced\)/
assert log.contains('[WARNING] failOnViolation is false: the build goes on.')
// 3: the parser's message with line and column.
assert log =~ /typo\.ptcheck:8:1: unknown operation 'freeDefered'; expected one of: alloc, fill, free, freeDeferred, .* \(did you mean 'freeDeferred'\?\)/
assert log.contains('MAVEN/MojoExecutionException')
