"""The bundled sample catalog: ``entries.json`` in the export format, loaded by ``tiltak serve`` on an empty database.

Written by the team (see README.md in this folder); ``SAMPLE_PATH`` is where the file lives.
"""

from pathlib import Path

SAMPLE_PATH = Path(__file__).resolve().parent / "entries.json"
