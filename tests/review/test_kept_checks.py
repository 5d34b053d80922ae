"""A reader worker's single-document checks kept from file to file (branch ``pr22``): the worker
gets its review profile unpickled anew with each file (a new object each time); the checks made
for the first are kept while a profile pickles to the same bytes, and made again for any other —
also for one that only ``==`` takes for the same (1 for 1.0)."""

from __future__ import annotations

import pickle
from dataclasses import replace

from jixiao.domain.review import load_profile
from jixiao.domain.review.engine import _alone


def test_a_profile_unpickled_anew_gets_the_checks_kept() -> None:
    profile = load_profile("tianjin")
    kept = _alone(profile)
    assert _alone(pickle.loads(pickle.dumps(profile))) is kept
    assert _alone(pickle.loads(pickle.dumps(profile))) is kept


def test_another_profile_gets_its_own_checks() -> None:
    profile = load_profile("tianjin")
    whole = replace(profile, rules={**profile.rules, "APP-01": {"max_ratio": 1}})
    point = replace(profile, rules={**profile.rules, "APP-01": {"max_ratio": 1.0}})
    assert whole == point  # by value
    kept = _alone(whole)
    assert _alone(point) is not kept
    assert _alone(whole) is not kept and _alone(whole) == kept  # made again, the same rules
