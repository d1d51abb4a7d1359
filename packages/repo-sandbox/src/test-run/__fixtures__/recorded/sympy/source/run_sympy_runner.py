# Drives SymPy's own test runner (sympy.testing.runtests: PyTestReporter + SymPyTests,
# the code path of bin/test -> sympy.test -> _test) on one test file outside the sympy tree.
import sys
from sympy.testing.runtests import PyTestReporter, SymPyTests
reporter = PyTestReporter(verbose=True, tb="short", colors=False)
tests = SymPyTests(reporter, (), False, 12345)
tests._testfiles.extend(sys.argv[1:])
sys.exit(int(not tests.test(sort=True)))
