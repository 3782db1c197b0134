"""Install avalon-nuke: the Nuke side of an Avalon-style pipeline."""

from setuptools import find_packages, setup

setup(
    name="avalon-nuke",
    version="0.1.0",
    description="Nuke host for an Avalon-style pipeline: approved-render Read nodes, Deadline publishing.",
    python_requires=">=3.10",
    packages=find_packages(include=["avalon_nuke", "avalon_nuke.*", "nuke_menu", "nuke_menu.*"]),
    py_modules=[],
    include_package_data=True,
    package_data={"avalon_nuke": ["publish/plugins/*.py", "hosts/live_nuke/publish/*.py", "review/*.nk"]},
    install_requires=[
        "pyblish-base>=1.8",
        "Qt.py>=1.3",
        "pymongo>=4.0",
        "clique>=2.0",
        "requests>=2.28",
    ],
    extras_require={
        "test": [
            "pytest>=7",
            "mongomock>=4.1",
            "hypothesis>=6",
            "ruff",
            "types-nuke",
            "pytest-qt>=4.2",
            # 6.12.0 from PyPI loses references to None/True/False on Python 3.11 and aborts.
            "PySide6-Essentials>=6.5,<6.12",
            "openimageio>=2.5",
            # built-in configs (ocio://...) for the colourspace tests need OCIO 2.2 or later
            "opencolorio>=2.2",
        ],
        "thumbnails": ["openimageio>=2.5"],
        # headless colourspace checks (.nk host, $OCIO) and colourspaces from image metadata
        "colour": ["opencolorio>=2.2", "openimageio>=2.5"],
        "bench": ["fileseq>=3", "nkparser"],
    },
    entry_points={"console_scripts": ["avalon-nuke=avalon_nuke.cli:main"]},
)
