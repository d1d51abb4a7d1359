"""SVG output."""
from .canvas import Canvas
from .canvas import *
from .. import geometry as geo


class SvgCanvas(Canvas):  # ref: Canvas -> src/shapes/render/canvas.py::Canvas
    def draw(self, x, y):
        point = geo.Point(x, y)  # ref: geo.Point -> src/shapes/geometry.py::Point
        self.plot(point)  # ref: self.plot -> src/shapes/render/canvas.py::Canvas.plot
        return self.span() + self.width  # ref: self.span -> src/shapes/render/canvas.py::Canvas.span; self.width -> src/shapes/render/canvas.py::Canvas.width

    def registered_names(self):
        return registered()  # ref: registered -> src/shapes/render/canvas.py::registered

    def unit(self):
        return units.CENTIMETERS  # ref: units.CENTIMETERS -> src/shapes/units.py::CENTIMETERS


def make():
    from ..geometry import origin
    from .. import geometry
    canvas = SvgCanvas()
    canvas.plot(origin())  # ref: origin -> src/shapes/geometry.py::origin
    return geometry.ORIGIN, Point(1, 2)  # ref: geometry.ORIGIN -> src/shapes/geometry.py::ORIGIN; Point -> src/shapes/geometry.py::Point
