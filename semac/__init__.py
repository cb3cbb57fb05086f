"""semac: a compiler from the Sema dialect of Scheme to Python.

``import semac`` installs the import hook, so ``import prog`` finds
``prog.scm`` on ``sys.path``.
"""

from .compiler import VERSION as __version__
from .importer import install

install()

__all__ = ["__version__", "install"]
