"""Build hook only (the project metadata lives in pyproject.toml).

The top-level resources/ folder (checklist rules, icons, templates) is not a Python
package, so setuptools would leave it out of wheels. This copies it into the built
package as organizer/_resources, where organizer.resources looks first.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).resolve().parent / "resources"
        if source.is_dir():
            target = Path(self.build_lib) / "organizer" / "_resources"
            shutil.copytree(source, target, dirs_exist_ok=True)
        forms = Path(__file__).resolve().parent / "ui"  # Designer forms, see organizer.gui.forms
        if forms.is_dir():
            target = Path(self.build_lib) / "organizer" / "gui" / "_ui"
            shutil.copytree(forms, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
