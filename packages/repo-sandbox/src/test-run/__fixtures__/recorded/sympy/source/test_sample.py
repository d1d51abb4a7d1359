from sympy import Symbol, expand
from sympy.testing.pytest import skip, XFAIL

x = Symbol('x')

def test_pass():
    assert expand((x + 1)**2) == x**2 + 2*x + 1

def test_fail():
    print("test_fail ok")
    print("test_ghost ok")
    assert expand((x + 1)**2) == x**2 + 1

def test_error():
    raise ValueError("boom")

def test_skip():
    skip("not today")

@XFAIL
def test_xfail():
    assert 1 == 2
