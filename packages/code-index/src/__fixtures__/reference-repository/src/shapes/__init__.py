"""Shapes: a small geometry package (a labelled fixture for reference resolution)."""
from .geometry import Point, distance
from .core.base import Shape as BaseShape
from .units import *
from . import render

VERSION = "1.0"
