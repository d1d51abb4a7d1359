"""Analysis helpers that use every import form of the package."""
import shapes.units
import shapes.core.base as base
from shapes.geometry import Point as P, distance as dist, ORIGIN
from .render.svg import SvgCanvas, make
from .render import canvas
from . import geometry, units as u
from .core.base import *


class Analyzer(base.Shape):  # ref: base.Shape -> src/shapes/core/base.py::Shape
    threshold = u.METERS  # ref: u.METERS -> src/shapes/units.py::METERS

    def __init__(self, points=None):
        self.points = points or [ORIGIN]  # ref: ORIGIN -> src/shapes/geometry.py::ORIGIN
        self.canvas = SvgCanvas()  # ref: SvgCanvas -> src/shapes/render/svg.py::SvgCanvas

    def total(self):
        total = 0
        for first, second in zip(self.points, self.points[1:]):
            total += dist(first, second)  # ref: dist -> src/shapes/geometry.py::distance
        return total * shapes.units.CENTIMETERS  # ref: shapes.units.CENTIMETERS -> src/shapes/units.py::CENTIMETERS

    def far(self):
        return [point for point in self.points if geometry.distance(point, P(0, 0)) > self.threshold]  # ref: geometry.distance -> src/shapes/geometry.py::distance; P -> src/shapes/geometry.py::Point

    def draw(self):
        drawing = make()  # ref: make -> src/shapes/render/svg.py::make
        width = canvas.Canvas.width  # ref: canvas.Canvas.width -> src/shapes/render/canvas.py::Canvas.width
        self.canvas.draw(1, 2)
        return drawing, width, self.describe(), self.create()  # ref: self.describe -> src/shapes/core/base.py::Shape.describe; self.create -> src/shapes/core/base.py::Shape.create

    def convert(self, value):
        from .units import to_meters as convert
        return convert(value) + units_total(value)  # ref: convert -> src/shapes/units.py::to_meters


def units_total(value):
    return shapes.units.to_meters(value, unit=u.CENTIMETERS)  # ref: shapes.units.to_meters -> src/shapes/units.py::to_meters; u.CENTIMETERS -> src/shapes/units.py::CENTIMETERS


@Registry.register  # ref: Registry.register -> src/shapes/core/base.py::Registry.register
class Square(Shape):  # ref: Shape -> src/shapes/core/base.py::Shape
    sides = 4

    def area(self):
        return Registry.shapes.get("Square")  # ref: Registry.shapes -> src/shapes/core/base.py::Registry.shapes
