"""A canvas that draws shapes."""
import os
import os.path

from ..geometry import Point, distance
from .. import units
from ..core.base import Registry


class Canvas:
    width = 100

    def __init__(self, path=os.getcwd()):  # ref: os.getcwd -> third-party
        self.path = os.path.join(path, "out.svg")  # ref: os.path.join -> third-party
        self.points = []

    def plot(self, point):
        if not isinstance(point, Point):  # ref: Point -> src/shapes/geometry.py::Point
            raise TypeError(point)
        self.points.append(point)

    def span(self):
        first, *rest = self.points
        return max(distance(first, other) for other in rest) * units.METERS  # ref: distance -> src/shapes/geometry.py::distance; units.METERS -> src/shapes/units.py::METERS

    def origin(self):
        return Point(0, 0)  # ref: Point -> src/shapes/geometry.py::Point


def registered():
    return sorted(Registry.shapes)  # ref: Registry.shapes -> src/shapes/core/base.py::Registry.shapes
