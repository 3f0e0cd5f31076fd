"""The kpi_openness_report table: one open-format report per resource (issue 8).

Revision ID: 8a0c1f3e5b21
Revises:
Create Date: 2026-11-23 06:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "8a0c1f3e5b21"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_openness_report",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False, index=True),
        sa.Column("state", sa.UnicodeText, nullable=False),  # pending, done
        sa.Column("status", sa.UnicodeText),  # pass, warn, fail
        sa.Column("score", sa.Integer),
        sa.Column("detected_format", sa.UnicodeText),
        sa.Column("source_sha256", sa.UnicodeText),
        # What the report was made from (url, upload time, size): an unchanged resource is not re-checked.
        sa.Column("fingerprint", sa.UnicodeText),
        sa.Column("report", sa.UnicodeText),  # the report as JSON
        sa.Column("checked_at", sa.DateTime),
        sa.Column("queued_at", sa.DateTime),
    )


def downgrade() -> None:
    op.drop_table("kpi_openness_report")
