"""Build step of the hiring-kb package (everything else is in pyproject.toml).

The wheel carries the product files a new wiki is made of (handbook, mkdocs.yml, schemas, nginx
recipe, pull-request files, tasks.py: hiring_kb/authoring/product_files.py lists them) under
hiring_kb/product/, so `hiring-wiki init DIR` needs only the installed package, not this checkout.
They are copied at build time rather than kept twice in the repository, where they live at the
root for the example wiki.
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PRODUCT = runpy.run_path(str(HERE / "plugins" / "hiring_kb" / "authoring" / "product_files.py"))


class BuildWithProductFiles(build_py):
    """build_py, then the product files into the built package's product/ folder."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads them from the checkout itself
            return
        target = Path(self.build_lib) / "hiring_kb" / PRODUCT["PACKAGED_DIR"]
        shutil.rmtree(target, ignore_errors=True)
        try:
            PRODUCT["copy_files"](HERE, target, PRODUCT["PACKAGED"])
        except FileNotFoundError as exc:
            raise SystemExit(f"cannot build hiring-kb: a product file is missing: {exc}") from None


setup(cmdclass={"build_py": BuildWithProductFiles})
