"""schema-auditor: PostgreSQL schema drift auditor and compliance checker."""

__all__ = ["__version__"]

try:  # written by setuptools-scm at build/install time from the git tags
    from auditor._version import __version__
except ImportError:  # a source tree used without installing
    __version__ = "0.0.0+unknown"
