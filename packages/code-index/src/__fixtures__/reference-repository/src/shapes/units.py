"""Units and conversions."""
import math

METERS = 1.0
CENTIMETERS = 0.01

try:
    import numpy as np
except ImportError:
    np = None

if np is None:
    FAST = False
else:
    FAST = True


def to_meters(value, unit=CENTIMETERS):
    return value * unit


def hypot(x, y):
    return math.sqrt(x * x + y * y)  # ref: math.sqrt -> third-party
