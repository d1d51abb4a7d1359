import pytest
from shapes.geometry import distance, Point
from shapes import render
from helpers import make_points


def test_distance():
    assert distance(Point(0, 0), Point(3, 4)) == 5  # ref: distance -> src/shapes/geometry.py::distance; Point -> src/shapes/geometry.py::Point; Point -> src/shapes/geometry.py::Point


def test_points():
    assert len(make_points(3)) == 3  # ref: make_points -> tests/helpers.py::make_points


class TestPoint:
    def test_norm(self):
        assert Point(3, 4).norm() == 5  # ref: Point -> src/shapes/geometry.py::Point

    def helper(self):
        return render  # ref: render -> src/shapes/render/__init__.py::<module>


@pytest.mark.parametrize("value", [1, 2])  # ref: pytest.mark.parametrize -> third-party
def test_param(value):
    assert value
