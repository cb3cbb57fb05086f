"""Calls a .scm module from Python: its functions have mangled names (- becomes _)."""

import semac  # noqa: F401  (installs the import hook that finds .scm files)
import geometry

print("area:", round(geometry.circle_area(1), 4))
print("perimeter:", geometry.polygon_perimeter(4, 2))
