"""Thin shim: everything is declared in pyproject.toml. Kept for tools and CKAN's extension template that
still look for setup.py (``python setup.py develop``, older pip editable installs)."""

from setuptools import setup

setup()
