"""Access-matrix rows for the writing views of discussions (see tests/access_matrix.py)."""

from tests.access_matrix_base import MEMBER, STAFF, Row  # noqa: F401

ROWS: dict = {}
