"""Tiltakskatalogen: a catalog of the work rural Norway does to attract and keep residents."""

__version__ = "0.1.0"
