from __future__ import annotations

import pickle

import pytest

import collective_impact as ci
from collective_impact.errors import did_you_mean, join_path


class TestHierarchy:
    @pytest.mark.parametrize(
        ("error", "builtin"),
        [
            (ci.ValidationError, ValueError),
            (ci.FormatError, ValueError),
            (ci.UnknownIdError, KeyError),
            (ci.MissingFileError, FileNotFoundError),
        ],
    )
    def test_leaves_derive_from_root_and_builtin(
        self, error: type[Exception], builtin: type[Exception]
    ) -> None:
        assert issubclass(error, ci.CollectiveImpactError)
        assert issubclass(error, builtin)


class TestPickle:
    @pytest.mark.parametrize(
        "error",
        [
            ci.ValidationError([("a[0]", "bad"), ("b", "worse")], source="x.yaml"),
            ci.FormatError("oops", source="x.json", line=3, column=4),
            ci.UnknownIdError("partner", "unted-way", suggestions=["united-way"]),
            ci.MissingFileError("nowhere.yaml"),
        ],
        ids=["validation", "format", "unknown-id", "missing-file"],
    )
    def test_round_trip_keeps_attributes_and_message(self, error: Exception) -> None:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.__dict__ == error.__dict__


class TestValidationError:
    def test_problems_are_path_message_tuples(self) -> None:
        err = ci.ValidationError([("p", "m")])
        assert err.problems == (("p", "m"),)
        assert err.problems[0].path == "p"
        assert str(err.problems[0]) == "p: m"

    def test_message_lists_every_problem(self) -> None:
        err = ci.ValidationError([(f"x[{i}]", "bad") for i in range(3)], source="f.yaml")
        assert str(err) == "3 problems in f.yaml:\n  x[0]: bad\n  x[1]: bad\n  x[2]: bad"

    def test_long_lists_are_summarised_but_kept(self) -> None:
        err = ci.ValidationError([(f"x[{i}]", "bad") for i in range(500)])
        assert len(err.problems) == 500
        assert "... and 300 more" in str(err)

    def test_problem_without_path(self) -> None:
        assert str(ci.Problem("", "whole document")) == "whole document"

    def test_with_prefix(self) -> None:
        err = ci.ValidationError([("name", "a"), ("[2]", "b"), ("", "c")]).with_prefix("x[1]")
        assert [p.path for p in err.problems] == ["x[1].name", "x[1][2]", "x[1]"]


class TestHelpers:
    def test_did_you_mean(self) -> None:
        assert did_you_mean([]) == ""
        assert did_you_mean(["a"]) == " (did you mean 'a'?)"
        assert did_you_mean(["a", "b", "c"]) == " (did you mean 'a', 'b' or 'c'?)"

    def test_join_path(self) -> None:
        assert join_path("", "a") == "a"
        assert join_path("a", "") == "a"
        assert join_path("a", "[0]") == "a[0]"
        assert join_path("a", "b") == "a.b"

    def test_format_error_without_location(self) -> None:
        assert str(ci.FormatError("plain")) == "plain"
