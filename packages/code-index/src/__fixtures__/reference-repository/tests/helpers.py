"""Test helpers (not a test file)."""
from shapes.geometry import Point


def make_points(count):
    return [Point(index, index) for index in range(count)]  # ref: Point -> src/shapes/geometry.py::Point
