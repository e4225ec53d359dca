"""runnerup: keep in touch with runner-up candidates, over a git-shared library of YAML files."""

__version__ = "0.1.0"
