"""Errors cross process boundaries as they are (the worker pool pickles them)."""

from __future__ import annotations

import pickle
import threading

from lintkit.errors import ConfigError, InputError, LocatedError, RuleCrash, WorkerDied
from lintkit.source import BinaryFile


def test_located_errors_pickle_with_every_attribute() -> None:
    for error in (LocatedError("a.md", "bad", line=3, key="k"), ConfigError("x.toml", "unknown key", key="z"),
                  InputError("b.md", "not UTF-8", line=1), WorkerDied("c.md", "died"), BinaryFile("d.png", "binary")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert vars(back) == vars(error)
        assert str(back) == str(error) and back.args == error.args


def test_a_rule_crash_pickles_even_when_its_cause_does_not() -> None:
    class Unpicklable(Exception):
        def __init__(self) -> None:
            super().__init__("boom")
            self.lock = threading.Lock()  # cannot be pickled

    crash = RuleCrash("a.md", "S102", Unpicklable())
    back = pickle.loads(pickle.dumps(crash))
    assert type(back) is RuleCrash
    assert (back.path, back.rule, back.message, str(back)) == (crash.path, crash.rule, crash.message, str(crash))
    assert str(back.exc) == "boom"
