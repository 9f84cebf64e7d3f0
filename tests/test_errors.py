from __future__ import annotations

import datetime as dt
import pickle
import unicodedata
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact.batch import BatchError
from collective_impact.errors import Location, ProblemCode, did_you_mean, join_path


class TestHierarchy:
    @pytest.mark.parametrize(
        ("error", "builtin"),
        [
            (ci.ValidationError, ValueError),
            (ci.FormatError, ValueError),
            (ci.UnknownIdError, KeyError),
            (ci.NotRunningError, KeyError),
            (ci.NotRunningError, ci.UnknownIdError),
            (ci.MissingFileError, FileNotFoundError),
            (ci.ArgumentTypeError, TypeError),
            (ci.ArgumentValueError, ValueError),
        ],
    )
    def test_leaves_derive_from_root_and_builtin(
        self, error: type[Exception], builtin: type[Exception]
    ) -> None:
        assert issubclass(error, ci.CollectiveImpactError)
        assert issubclass(error, builtin)


#: One instance of every error class of the library, with every attribute set.
ERRORS: list[ci.CollectiveImpactError] = [
    ci.CollectiveImpactError("plain"),
    ci.ValidationError(
        [
            ("a[0]", "bad"),
            ci.Problem("b", "worse", ProblemCode.OUT_OF_RANGE),
            ci.Problem(Location(file="ties.csv", row=2, column="target"), "x", "unknown-key"),
        ],
        source="x.yaml",
    ),
    ci.FormatError("oops", source="x.json", line=3, column=4, code=ProblemCode.SYNTAX),
    ci.UnknownIdError("partner", "unted-way", suggestions=["united-way"]),
    ci.NotRunningError(
        "literacy", status="not started", date=dt.date(2027, 1, 1), as_of=dt.date(2026, 9, 30)
    ),
    ci.MissingFileError("nowhere.yaml"),
    ci.WriteError("out.yaml", "no space left on device", errno=28),
    ci.DatabaseError("no initiative 'x'", source="sqlite:///a.db"),
    ci.MissingDependencyError("pandas", "pandas", purpose="DataFrames"),
    ci.PathwayError(["a", "b"], spectral_radius=1.2, cycle_gain=1.44),
    ci.AsOfError(dt.date(2019, 1, 1), earliest=dt.date(2020, 3, 1), source="file"),
    BatchError(3, ci.UnknownIdError("partner", "x"), name="Example"),
    ci.ArgumentTypeError("expected an Initiative, got dict", argument="initiative"),
    ci.ArgumentValueError("top must be >= 0, not -1", argument="top"),
]


def _all_subclasses(cls: type) -> set[type]:
    out = set()
    for sub in cls.__subclasses__():
        out |= {sub, *_all_subclasses(sub)}
    return out


class TestPickle:
    def test_every_error_class_is_covered(self) -> None:
        library = {
            c
            for c in _all_subclasses(ci.CollectiveImpactError)
            if c.__module__.startswith("coll") and not c.__name__.startswith("_")  # bases
        }
        assert library | {ci.CollectiveImpactError} == {type(e) for e in ERRORS}

    @pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
    def test_round_trip_keeps_attributes_and_message(self, error: Exception) -> None:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert copy.args == error.args
        if isinstance(error, BatchError):  # the cause is an exception: equal by its parts
            assert (copy.position, copy.name, str(copy.cause)) == (3, "Example", str(error.cause))
        else:
            assert copy.__dict__ == error.__dict__

    def test_builtin_attributes_survive(self) -> None:
        copy = pickle.loads(pickle.dumps(ci.MissingFileError("nowhere.yaml")))
        assert (copy.errno, copy.filename) == (2, "nowhere.yaml")
        assert pickle.loads(pickle.dumps(ci.MissingDependencyError("scipy", "x"))).name == "scipy"

    def test_problems_keep_their_codes(self) -> None:
        copy = pickle.loads(pickle.dumps(ERRORS[1]))
        assert [p.code for p in copy.problems] == ["invalid", "out-of-range", "unknown-key"]
        assert copy.problems[2].location.row == 2


class TestProblem:
    def test_fields(self) -> None:
        p = ci.Problem("partners[0]", "missing required key 'name'", "missing-key", key="name")
        assert (p.path, p.code, p.key) == ("partners[0]", ProblemCode.MISSING_KEY, "name")
        assert p.location == Location("partners[0]")
        assert p.related is None

    def test_code_defaults_to_invalid(self) -> None:
        assert ci.Problem("x", "m").code is ProblemCode.INVALID

    def test_unknown_code_is_refused(self) -> None:
        with pytest.raises(ValueError, match="not-a-code"):
            ci.Problem("x", "m", "not-a-code")

    def test_behaves_as_the_old_pair(self) -> None:
        p = ci.Problem("a", "b", ProblemCode.CYCLE)
        path, message = p
        assert (path, message) == ("a", "b")
        assert p == ("a", "b")
        assert hash(p) == hash(("a", "b"))
        assert p != ("a", "c")
        assert p != ci.Problem("a", "b", ProblemCode.SYNTAX)

    def test_file_location(self) -> None:
        p = ci.Problem(Location(file="ties.csv", row=2, column="target"), "unknown partner 'x'")
        assert str(p) == "ties.csv, row 2, column target: unknown partner 'x'"
        assert p.path == "ties.csv, row 2, column target"
        assert not p.location.in_tree

    def test_nesting_leaves_file_locations(self) -> None:
        cell = Location(file="ties.csv", row=2)
        err = ci.ValidationError([ci.Problem(cell, "m"), ("x", "n")]).with_prefix("p")
        assert [p.location for p in err.problems] == [cell, Location("p.x")]

    def test_with_prefix_keeps_code_and_key(self) -> None:
        p = ci.Problem("[1]", "m", ProblemCode.UNKNOWN_KEY, key="k")
        (q,) = ci.ValidationError([p]).with_prefix("a").problems
        assert (q.path, q.code, q.key) == ("a[1]", ProblemCode.UNKNOWN_KEY, "k")


class TestProblemCode:
    def test_is_a_str_enum(self) -> None:
        assert ProblemCode.UNKNOWN_REFERENCE == "unknown-reference"
        assert ProblemCode("too-few-items") is ProblemCode.TOO_FEW_ITEMS

    def test_values_are_unique_kebab_case(self) -> None:
        values = [c.value for c in ProblemCode]
        assert len(values) == len(set(values))
        assert all(v == v.lower() and "_" not in v for v in values)

    def test_format_error_code(self) -> None:
        assert ci.FormatError("x").code is None
        assert ci.FormatError("x", code=ProblemCode.EMPTY).code == "empty"


class TestValidationError:
    def test_problems_are_path_message_tuples(self) -> None:
        err = ci.ValidationError([("p", "m")])
        assert err.problems == (("p", "m"),)
        assert err.problems[0].path == "p"
        assert str(err.problems[0]) == "p: m"

    def test_message_lists_every_problem(self) -> None:
        err = ci.ValidationError([(f"x[{i}]", f"bad {i}") for i in range(3)], source="f.yaml")
        assert str(err) == "3 problems in f.yaml:\n  x[0]: bad 0\n  x[1]: bad 1\n  x[2]: bad 2"

    def test_long_lists_are_summarised_but_kept(self) -> None:
        err = ci.ValidationError([(f"x[{i}]", f"bad {i}") for i in range(500)])
        assert len(err.problems) == 500
        lines = str(err).splitlines()
        assert len(lines) == 202
        assert lines[-1] == (
            "  ... and 300 more (summary(max_lines=None) lists every one, as the .problems "
            "attribute holds)"
        )
        assert err.summary(max_lines=None).splitlines()[1:] == [
            f"  x[{i}]: bad {i}" for i in range(500)
        ]
        assert err.summary(max_lines=2).splitlines()[1:] == [
            "  x[0]: bad 0",
            "  x[1]: bad 1",
            "  ... and 498 more (summary(max_lines=None) lists every one, as the .problems "
            "attribute holds)",
        ]

    def test_a_message_at_several_places_is_one_line(self) -> None:
        """The same message at 500 places was 200 lines alike, then "... and 300 more"."""
        problems = [(f"x[{i}].sector", "bad sector") for i in range(500)]
        problems.insert(1, ("y", "other"))
        err = ci.ValidationError([*problems, ("z", "other"), ("", "whole"), ("", "whole")])
        assert len(err.problems) == 504
        assert str(err).splitlines() == [
            "504 problems:",
            "  x[0].sector: bad sector; the same at 499 other places: x[1].sector, x[2].sector, "
            "x[3].sector, x[4].sector, x[5].sector and 494 others",
            "  y: other; the same at z",
            "  whole",  # no place to name: each of the document as a whole on its own line
            "  whole",
        ]
        assert len(err.summary(max_lines=None).splitlines()) == 505
        assert err.summary(max_lines=1).splitlines()[-1].startswith("  ... and 4 more (")

    def test_summary_refuses_a_count_that_is_none(self) -> None:
        err = ci.ValidationError([("x", "bad")])
        with pytest.raises(ci.ArgumentValueError, match="max_lines"):
            err.summary(max_lines=-1)
        with pytest.raises(ci.ArgumentTypeError, match="max_lines"):
            err.summary(max_lines="all")  # type: ignore[arg-type]

    def test_format_error_summary(self) -> None:
        from collective_impact.errors import FormatProblem

        problems = [FormatProblem(f"repeated key 'a' (at x[{k}])", line=k + 1) for k in range(300)]
        err = ci.FormatError.from_problems(problems, source="f.json")
        lines = str(err).splitlines()
        assert len(lines) == 202
        assert lines[-2].startswith("  ... and 100 more (summary(max_lines=None) lists every")
        assert lines[-1] == "  line 300: repeated key 'a' (at x[299])"
        assert len(err.summary(max_lines=None).splitlines()) == 301
        cut = ci.FormatError.from_problems(problems, source="f.json", omitted=5)
        assert cut.summary(max_lines=None).splitlines()[-1] == (
            "  ... and 5 more, found after these and not kept"
        )

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


class TestLongIds:
    """A dangling reference whose id is a megabyte long: located, named briefly, matched in
    time bounded by the compared prefix (difflib is quadratic in the length of the words)."""

    def test_dangling_megabyte_id_is_reported_briefly(self) -> None:
        import collective_impact as ci
        from collective_impact.synth import generate

        tree = generate(partners=20, activities=40, indicators=5, ties=20, seed=0).to_dict()
        tree["activities"][0]["partners"] = ["p" * 1_000_000]
        with pytest.raises(ci.ValidationError) as info:
            ci.Initiative.from_dict(tree)
        (problem,) = info.value.problems
        assert problem.location.path == "activities[0].partners[0]"
        assert "(1,000,000 characters)" in problem.message
        assert len(problem.message) < 300

    def test_close_matches_compare_a_bounded_prefix(self) -> None:
        from collective_impact.errors import close_matches, shown

        long = "partner-" + "x" * 1_000_000
        assert close_matches(long, ["partner-" + "x" * 190, "other"]) == ["partner-" + "x" * 190]
        assert close_matches("Partner-A", ["partner-a"]) == ["partner-a"]
        assert shown("abc") == "'abc'"
        assert shown("y" * 100, limit=3) == "'yyy'... (100 characters)"


class TestSuggestionsAmongMany:
    """A did-you-mean among thousands of ids costs the pieces they share, not a ratio each.

    Each hint ran difflib over every candidate: a file of 10,000 partners with 100 ties naming
    "partnr-..." took 28 s to check against 2.9 s without the typos.
    """

    IDS = tuple(f"partner-{k:05d}" for k in range(10_000))

    def test_a_word_is_compared_with_a_bounded_pool(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import difflib

        from collective_impact import errors

        pools: list[int] = []
        compare = difflib.get_close_matches

        def spy(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
            pools.append(len(possibilities))
            return compare(word, possibilities, n=n, cutoff=cutoff)

        monkeypatch.setattr(errors.difflib, "get_close_matches", spy)
        assert errors.close_matches("partnr-00014", self.IDS) == ["partner-00014"]
        assert errors.close_matches("PARTNER-00014 ", self.IDS) == ["partner-00014"]
        assert errors.close_matches("partner-09999x", self.IDS) == ["partner-09999"]
        assert errors.close_matches("zzzz", self.IDS) == []
        # "zzzz" shares no piece of three with any id, nor of two (the second look, when the
        # first finds nothing close)
        assert pools == [200, 200, 200, 0, 0]
        assert max(pools) <= 200
        pools.clear()
        small = self.IDS[:150]  # up to 200 candidates: compared with each, as before
        assert errors.close_matches("partnr-00014", small) == ["partner-00014"]
        assert pools == [150]

    def test_short_words_are_compared_with_every_short_candidate(self) -> None:
        """One edit of a short id can leave it no piece of three characters in common with the
        id meant: "a-7" and "a7" share none, yet difflib finds them close (0.8). Beyond 200
        candidates the hint was lost, so adding a 201st partner took it away (a reviewer)."""
        from collective_impact.errors import close_matches

        for count in (200, 201, 5_000):
            ids = [f"a{k}" for k in range(1, count + 1)]
            assert close_matches("a-7", ids) == ["a7"]
            assert close_matches("a-7", list(reversed(ids))) == ["a7"]
        assert close_matches("7", [f"p{k}" for k in range(1000)]) == ["p7"]
        assert close_matches("zzzz", self.IDS) == []  # no candidate short enough to be close

    def test_no_piece_of_three_in_common_then_pieces_of_two(self) -> None:
        """Two edits of "p01x" leave "p-01-x" no piece of three characters in common with it,
        yet difflib finds them close (0.8): beyond 200 candidates the hint was lost (a
        reviewer). A word that none of the first pool is close to meets the 200 sharing the
        most pieces of two."""
        from collective_impact.errors import close_matches

        others = [f"zz{i:03d}qq" for i in range(300)]
        assert close_matches("p-01-x", ["p01x", *others]) == ["p01x"]
        assert close_matches("p-01-x", [*reversed(others), "p01x"]) == ["p01x"]

    def test_the_suggester_reads_the_candidates_once(self) -> None:
        from collective_impact.errors import Suggester

        class Counted(list[str]):
            reads = 0

            def __iter__(self) -> Iterator[str]:
                Counted.reads += 1
                return super().__iter__()

        ids = Counted(self.IDS)
        suggest = Suggester()
        hints = [suggest(f"partnr-{k:05d}", ids) for k in range(1, 31)]
        assert hints[:25] == [f" (did you mean 'partner-{k:05d}'?)" for k in range(1, 26)]
        assert hints[25:] == [""] * 5  # the budget
        assert Counted.reads == 1
        other = Counted(["partner-a", "partner-b"])  # other candidates: read afresh
        assert Suggester()("partner-c", other) == " (did you mean 'partner-b'?)"

    @settings(max_examples=50, deadline=None)
    @given(
        st.permutations(["North", "north", "NORTH ", "south", "sout", "east", "Easter"]),
        st.sampled_from(["nort", "soth", "EAST", "north", "weast"]),
        st.integers(1, 3),
    )
    def test_matches_do_not_depend_on_order(self, candidates: list[str], word: str, n: int) -> None:
        """Of candidates alike but for case the smallest is named, whichever comes first."""
        from collective_impact.errors import close_matches

        assert close_matches(word, candidates, n=n) == close_matches(word, sorted(candidates), n=n)
        assert close_matches("north", candidates) == ["North"]  # "North" < "north"
        assert close_matches("North ", candidates) == ["NORTH "]

    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.text("ab-01", min_size=1, max_size=8), max_size=60), st.text("ab-01"))
    def test_few_candidates_match_as_difflib(self, candidates: list[str], word: str) -> None:
        """Up to 200 candidates, the matches are difflib's over all of them."""
        import difflib

        from collective_impact.errors import close_matches

        if word in candidates:
            return
        expected = difflib.get_close_matches(word, sorted(set(candidates)), n=2, cutoff=0.6)
        assert close_matches(word, candidates, n=2) == expected


class TestLookAlikeSuggestions:
    """A did-you-mean that prints as the id it corrects names both in escapes.

    "unknown partner 'café' (did you mean 'café'?)" for an id typed decomposed (e and a
    combining accent, as macOS exports write it) against a partner declared precomposed, and
    "unknown partner 'bаnk' (did you mean 'bank'?)" for a Cyrillic а: nothing to fix in sight
    (found by a reviewer).
    """

    @pytest.mark.parametrize(
        ("typed", "escaped"),
        [
            ("cafe\u0301", "'caf\\xe9' against 'cafe\\u0301'"),
            ("b\u0430nk", "'bank' against 'b\\u0430nk'"),
        ],
    )
    def test_in_a_native_file(self, typed: str, escaped: str) -> None:
        declared = unicodedata.normalize("NFC", typed.replace("\u0430", "a"))
        tree = {
            "schema_version": 1,
            "name": "n",
            "partners": [{"id": declared, "name": "P", "sector": "other"}],
            "activities": [{"id": "a", "name": "A", "partners": [typed]}],
        }
        with pytest.raises(ci.ValidationError) as info:
            ci.Initiative.from_dict(tree)
        (problem,) = info.value.problems
        assert problem.message.endswith(f"? they may print alike: {escaped})")

    def test_a_plain_typo_is_not_escaped(self) -> None:
        assert did_you_mean(["mowd"], "mwod") == " (did you mean 'mowd'?)"
        assert did_you_mean(["Écoles"], "Ecole") == " (did you mean 'Écoles'?)"
