"""Builds pith's Python module with the project's CMake build (pyproject.toml has the metadata).

The extension and the default model come out of CMake's build/python/pith/ and are copied
into the wheel beside the pure-Python files. PITH_CMAKE_BUILD_DIR names an already configured
build tree to reuse (the install test does so); otherwise a fresh one is configured in
setuptools' temporary folder.
"""
import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

SOURCE_DIR = pathlib.Path(__file__).resolve().parent
# setup.cfg puts setuptools' work folders here; egg_info needs it to exist already.
(SOURCE_DIR / "build" / "setuptools").mkdir(parents=True, exist_ok=True)


class CMakeBuild(build_ext):
    def build_extension(self, extension):
        build_dir = os.environ.get("PITH_CMAKE_BUILD_DIR")
        if build_dir:
            build_dir = pathlib.Path(build_dir).resolve()
        else:
            build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
            build_dir.mkdir(parents=True, exist_ok=True)
            subprocess.run(["cmake", "-S", str(SOURCE_DIR), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                            "-DPITH_PYTHON=ON", "-DBUILD_TESTING=OFF", f"-DPYTHON_EXECUTABLE={sys.executable}"],
                           check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_pith", "-j", jobs], check=True)
        built = build_dir / "python" / "pith"
        target = pathlib.Path(self.get_ext_fullpath(extension.name)).parent
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built / pathlib.Path(self.get_ext_filename(extension.name)).name, target)
        shutil.copy2(built / "default.model", target)


setup(ext_modules=[Extension("pith._pith", sources=[])], cmdclass={"build_ext": CMakeBuild})
