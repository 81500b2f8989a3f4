"""Access-matrix rows for the insights app's URLs (merged into tests/access_matrix.py)."""

from tests.access_matrix_base import ADMIN, ADMIN_POST, MEMBER, MEMBER_POST, PUBLIC, STAFF, STAFF_POST, Row  # noqa: F401

ROWS: dict[str, Row] = {}
