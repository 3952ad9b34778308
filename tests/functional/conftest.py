"""Shared fixtures for functional tests: where the built binaries are."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("EMU_BUILD_DIR", ROOT / "build"))


def binary(arch="aarch64"):
    """Path of a built emulator; skips the test if that target was not built."""
    path = BUILD / f"qemu-system-{arch}"
    if not path.exists():
        pytest.skip(f"{path} not built")
    return str(path)


@pytest.fixture
def qemu_aarch64():
    return binary("aarch64")


@pytest.fixture(scope="session")
def linux_initramfs():
    """The Linux-guest tests' initramfs (scripts/build-initramfs), built once
    and cached; skips when the installer kernel or the packages it is made
    from are missing (scripts/install-deps fetches them)."""
    import linux_guest
    try:
        return linux_guest.initramfs()
    except linux_guest.Unavailable as e:
        pytest.skip(str(e))
