"""The check catalogue: every check is complete, configured, exemplified and documented."""

import re
from pathlib import Path

import pytest

from jixiao.domain.profile import load_profile
from jixiao.review import catalogue, review_plan
from jixiao.review.catalogue import THEMES
from jixiao.review.catalogue_doc import REGENERATE, render_catalogue
from jixiao.review.examples import examples

DOCS = Path(__file__).resolve().parents[1] / "docs" / "checks.md"
CHECKS = catalogue()
IDS = [c.id for c in CHECKS]


def test_ids_are_unique_kebab_case():
    assert len(IDS) == len(set(IDS))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in IDS)


@pytest.mark.parametrize("cls", CHECKS, ids=IDS)
def test_each_check_is_described(cls):
    assert cls.title and cls.message and cls.suggestion
    assert cls.__doc__ and cls.__doc__.strip()
    assert cls.theme in THEMES
    for other in cls.superseded_by:
        assert other in IDS


def test_national_profile_configures_exactly_the_catalogue():
    table = load_profile().section("review")["checks"]
    assert list(table) == IDS  # same checks, in catalogue order


@pytest.mark.parametrize("cls", CHECKS, ids=IDS)
def test_example_fires_on_bad_and_not_on_good(cls):
    ex = examples()[cls.id]
    assert review_plan(ex.bad()).of_check(cls.id)
    assert review_plan(ex.good()).of_check(cls.id) == []


def test_docs_checks_md_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == render_catalogue(), f"regenerate: {REGENERATE}"


def test_docs_list_every_check():
    text = render_catalogue()
    for i in IDS:
        assert f"### `{i}`" in text
