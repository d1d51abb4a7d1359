"""Points and distances."""
from __future__ import annotations

from .core.base import Shape, Registry
from .units import hypot, METERS as M
from . import units
from .core import base as base_module


@Registry.register  # ref: Registry.register -> src/shapes/core/base.py::Registry.register
class Point(Shape):  # ref: Shape -> src/shapes/core/base.py::Shape
    sides = 0

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return hypot(self.x, self.y) * M  # ref: hypot -> src/shapes/units.py::hypot; M -> src/shapes/units.py::METERS

    def describe(self):
        base = base_module.Shape.describe(self)  # ref: base_module.Shape.describe -> src/shapes/core/base.py::Shape.describe
        return base + units.to_meters(1)  # ref: units.to_meters -> src/shapes/units.py::to_meters

    def area(self):
        return 0


def distance(a, b):
    dx = a.x - b.x
    dy = a.y - b.y
    return hypot(dx, dy)  # ref: hypot -> src/shapes/units.py::hypot


def origin():
    point = Point(0, 0)
    return point, Shape.create()  # ref: Shape.create -> src/shapes/core/base.py::Shape.create


ORIGIN = Point(0, 0)
