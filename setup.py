"""Declares the C extension sahel._core; metadata lives in pyproject.toml.

ICU is found with SAHEL_ICU_CFLAGS / SAHEL_ICU_LIBS when set, else with pkg-config.
SAHEL_STRICT=1 turns warnings into errors (CI), so that other compilers never break a user's install.
"""

import os
import shlex
import subprocess
import sys
from glob import glob

from setuptools import Extension, setup

ICU_PACKAGES = ["icu-uc", "icu-i18n"]


def icu_flags() -> tuple[list[str], list[str]]:
    cflags, libs = os.environ.get("SAHEL_ICU_CFLAGS"), os.environ.get("SAHEL_ICU_LIBS")
    if cflags is not None or libs is not None:
        print(f"sahel: ICU from SAHEL_ICU_CFLAGS={cflags!r} SAHEL_ICU_LIBS={libs!r}")
        return shlex.split(cflags or ""), shlex.split(libs or "")
    command = ["pkg-config", "--cflags", "--libs", *ICU_PACKAGES]
    print("sahel: running", " ".join(command))
    try:
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        sys.exit(
            "sahel needs the ICU development files and pkg-config: install them "
            "(Debian/Ubuntu: apt-get install libicu-dev pkg-config) or set SAHEL_ICU_CFLAGS "
            "and SAHEL_ICU_LIBS."
        )
    flags = shlex.split(out)
    return [f for f in flags if not f.startswith("-l")], [f for f in flags if f.startswith("-l")]


cflags, libs = icu_flags()
extra_compile_args = ["-std=c11", "-O2", *cflags]
if os.environ.get("SAHEL_STRICT") == "1":
    extra_compile_args += ["-Wall", "-Wextra", "-Werror"]

setup(
    ext_modules=[
        Extension(
            "sahel._core",
            sources=sorted(glob("csrc/*.c")),
            include_dirs=["csrc"],
            depends=sorted(glob("csrc/*.h")),
            extra_compile_args=extra_compile_args,
            extra_link_args=libs,
        )
    ]
)
