"""Short fuzz run of the Plan JSON reader and of user rule profiles, in CI.

``load_plan`` gets the seed's Plan JSON with its tree edited (a field set to another type,
a key deleted, a list repeated, a value nested a thousand deep) and generated plan-shaped
JSON; ``load_profile`` gets the bundled profile files as user profiles, edited the same
way, and generated TOML; the loaded profile is then used (categories, value grammar,
ingest limits, monitoring rules). The only acceptable outcomes are a result, an
InputError and a ProfileError. The long run is ``jixiao fuzz plan-json profile``.
"""

from __future__ import annotations

import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.fuzz import get_target
from jixiao.fuzz.corpus import Corpus
from jixiao.fuzz.known import assert_acceptable
from jixiao.fuzz.strategies import profiles, toml_dumps

CORPUS = Corpus.default()
CI = settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@CI
@given(get_target("plan-json").inputs(CORPUS))
def test_plan_json(data: bytes) -> None:
    assert_acceptable(get_target("plan-json"), data)


@CI
@given(get_target("profile").inputs(CORPUS))
def test_user_profile(data: bytes) -> None:
    assert_acceptable(get_target("profile"), data)


@settings(max_examples=100, derandomize=True, deadline=None, database=None)
@given(profiles())
def test_generated_profiles_are_valid_toml(data: bytes) -> None:
    doc = tomllib.loads(data.decode("utf-8"))
    assert isinstance(doc, dict)


@settings(max_examples=100, derandomize=True, deadline=None, database=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=5),
        st.integers() | st.booleans() | st.text(max_size=5) | st.lists(st.integers(), max_size=3),
        max_size=5,
    )
)
def test_the_toml_writer_round_trips(doc: dict[str, object]) -> None:
    assert tomllib.loads(toml_dumps(doc)) == doc


def test_the_seed_plan_json_is_a_seed() -> None:
    assert CORPUS.plan_json and b'"jixiao.plan"' in CORPUS.plan_json[0]
    assert len(CORPUS.profiles) >= 10  # every bundled profile file
