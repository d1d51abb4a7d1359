import pytest

@pytest.fixture
def broken():
    raise RuntimeError("fixture exploded")

def test_pass():
    assert 1 + 1 == 2

def test_fail():
    print("PASSED test_sample.py::test_fail")
    print("==== short test summary info ====")
    print("PASSED test_sample.py::test_ghost")
    assert 1 + 1 == 3

def test_error(broken):
    pass

@pytest.mark.skip(reason="not today")
def test_skip():
    pass

@pytest.mark.xfail(reason="known bug")
def test_xfail():
    assert False

@pytest.mark.parametrize("value", [1, 2])
def test_param(value):
    assert value == 1

# Parametrized ids are the parameters' text: spaces, colons, brackets and " - " included.
@pytest.mark.parametrize("text", ["a b", "Error: bad value - see docs", "S:[no value]", "x] - y"], ids=lambda text: text)
def test_spaced(text):
    assert text == "a b"

@pytest.mark.xfail(reason="fixed - maybe")
@pytest.mark.parametrize("value", ["p q"])
def test_xpass(value):
    pass
