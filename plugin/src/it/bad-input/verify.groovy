def log = new File(basedir, 'build.log').text

// 1
assert log.contains('ptcheck: <cells> (-Dptcheck.cells=,) names no cell; name cells as strategy@preset, strategy,'
        + ' @preset or all, or leave the parameter out for the default cells')
assert !log.contains('21 cells')
// 2
assert log.contains("ptcheck: preset 'board7:powerpc' must be name:arch:pageSize:tableSize, e.g."
        + ' powerpc64-hash-16:powerpc:65536:4096')
assert !log.contains('InvocationTargetException')
assert !log.contains('Cannot set default')
// 3: the budget is half of what the heap holds at 1000 bytes a state, and the log says how to raise it.
def heap = log =~ /\[WARNING\]   generic-v6\.6@x86_64: clean to depth \d+ of 40; (\d+) states, \d+ transitions; stopped by the state budget of (\d+), sized from the (\d+) MB heap at 1000 bytes a state \(give Maven more heap, e\.g\. MAVEN_OPTS=-Xmx2g, to explore further; ptcheck\.stateBudget can only lower it\)/
assert heap.find()
assert heap.group(1) == heap.group(2)
assert (heap.group(3) as int) <= 128
assert !log.contains('OutOfMemoryError')
assert log.contains('BUILD SUCCESS')
