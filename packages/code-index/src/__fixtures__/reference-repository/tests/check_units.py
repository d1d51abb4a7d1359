import unittest

from shapes.units import to_meters, hypot


class UnitsCase(unittest.TestCase):  # ref: unittest.TestCase -> third-party
    def test_to_meters(self):
        self.assertEqual(to_meters(100), 1.0)  # ref: to_meters -> src/shapes/units.py::to_meters

    def test_hypot(self):
        self.assertEqual(hypot(3, 4), 5)  # ref: hypot -> src/shapes/units.py::hypot
