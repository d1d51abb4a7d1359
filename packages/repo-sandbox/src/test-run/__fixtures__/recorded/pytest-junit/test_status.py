import pytest


@pytest.fixture
def broken():
    raise RuntimeError("fixture broke")


def test_pass():
    assert True


def test_fail():
    assert 1 == 2


def test_error(broken):
    pass


@pytest.mark.skip(reason="not today")
def test_skip():
    pass


@pytest.mark.xfail(reason="known")
def test_xfail():
    assert False


class TestGroup:
    class TestInner:
        def test_nested(self):
            assert True

    def test_method(self):
        assert True
