"""A script that reports on shapes (run from the repository root)."""
import json
import shapes
import shapes.render.canvas
import shapes.render.svg as svg
from shapes import Point, BaseShape, to_meters, VERSION
from shapes.units import FAST, np
from shapes.render import canvas as canvas_module
from shapes.core.base import Registry
from helpers import summarize


def main():
    point = Point(3, 4)  # ref: Point -> src/shapes/geometry.py::Point
    print(json.dumps({"distance": shapes.distance(point, shapes.Point(0, 0))}))  # ref: json.dumps -> third-party; shapes.distance -> src/shapes/geometry.py::distance; shapes.Point -> src/shapes/geometry.py::Point
    canvas = shapes.render.canvas.Canvas()  # ref: shapes.render.canvas.Canvas -> src/shapes/render/canvas.py::Canvas
    drawing = svg.SvgCanvas()  # ref: svg.SvgCanvas -> src/shapes/render/svg.py::SvgCanvas
    drawing.draw(1, 2)
    other = canvas_module.Canvas()  # ref: canvas_module.Canvas -> src/shapes/render/canvas.py::Canvas
    print(to_meters(5), VERSION, FAST, np)  # ref: to_meters -> src/shapes/units.py::to_meters; VERSION -> src/shapes/__init__.py::VERSION; FAST -> src/shapes/units.py::FAST; np -> src/shapes/units.py::np
    print(BaseShape.create(), Registry.register)  # ref: BaseShape.create -> src/shapes/core/base.py::Shape.create; Registry.register -> src/shapes/core/base.py::Registry.register
    print(shapes.METERS, shapes.units.hypot(3, 4))  # ref: shapes.METERS -> src/shapes/units.py::METERS; shapes.units.hypot -> src/shapes/units.py::hypot
    return summarize(canvas, other)  # ref: summarize -> tools/helpers.py::summarize


class Report(BaseShape):  # ref: BaseShape -> src/shapes/core/base.py::Shape
    def area(self):
        return self.describe()  # ref: self.describe -> src/shapes/core/base.py::Shape.describe
