"""Thai-aware text rules (ckanext/kpi/text.py)."""

from __future__ import annotations

import pytest

from ckanext.kpi import text


def test_thai_digits_become_arabic_digits():
    assert text.to_arabic_digits("ปีงบประมาณ ๒๕๖๗ ไตรมาส ๔") == "ปีงบประมาณ 2567 ไตรมาส 4"


@pytest.mark.parametrize("tag", ["ตัวชี้วัด", "ผลการดำเนินงาน", "KPI 2567", "แผน-ยุทธศาสตร์", "ไตรมาส_๔", "v1.2"])
def test_tag_names_that_are_accepted(tag):
    assert text.TAG_NAME.match(tag)


@pytest.mark.parametrize("tag", ["KPI;drop", "<b>", "ตัวชี้วัด,", "a/b", "ร้อยละ%"])
def test_tag_names_that_are_refused(tag):
    assert not text.TAG_NAME.match(tag)


@pytest.mark.parametrize(
    "value", ["<script>alert(1)</script>", "ดู <a href='x'>ที่นี่</a>", "<!-- x -->", "</p>", "<img src=x>"]
)
def test_markup_is_found(value):
    assert text.contains_html(value)


@pytest.mark.parametrize("value", ["ร้อยละ < 5", "a<5 และ b>3", "x << y", "<5%", "ก & ข"])
def test_plain_text_with_angle_brackets_is_not_markup(value):
    assert not text.contains_html(value)


def test_excerpt_cuts_long_values():
    assert text.excerpt("ก" * 100, limit=10) == "ก" * 9 + "…"
    assert text.excerpt("สั้น") == "สั้น"
