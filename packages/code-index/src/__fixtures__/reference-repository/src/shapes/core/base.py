"""Base classes."""
import abc


class Shape(abc.ABC):  # ref: abc.ABC -> third-party
    """A shape."""

    sides = 0

    def area(self):
        raise NotImplementedError

    def describe(self):
        return f"{type(self).__name__} with {self.sides} sides"

    @classmethod
    def create(cls):
        return cls()


class Registry:
    shapes = {}

    @staticmethod
    def register(shape):
        Registry.shapes[shape.__name__] = shape
        return shape
