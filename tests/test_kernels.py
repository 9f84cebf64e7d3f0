"""The compiled pair kernel gives the numpy engine's pairs and gaps to the bit."""

from __future__ import annotations

import threading
import warnings
from types import SimpleNamespace

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import Initiative, ScoringConfig
from collective_impact.analysis import _kernels, conditions, reinforcement
from collective_impact.analysis._arrays import ModelArrays, build_arrays
from collective_impact.analysis.reinforcement import _PAIR_COLUMNS, _score_pairs
from collective_impact.strategies import initiatives
from collective_impact.synth import generate

numba = pytest.importorskip("numba", reason="the compiled kernel needs the extra 'fast'")

COLUMNS = (*_PAIR_COLUMNS, "coordination")


def _scored(
    init: Initiative, config: ScoringConfig, *, compiled: bool, budget: int | None = None
) -> tuple[dict[str, bytes], bytes, bytes]:
    arrays = build_arrays(init)
    total = reinforcement.total_contributions(arrays, config.pathway_weight)
    pairs = _score_pairs(arrays, config, total, compiled=compiled, budget=budget).pairs()
    between = pairs.between
    key, loss = reinforcement._gap_terms(arrays, pairs, between, pairs.at("reinforcement", between))
    columns = {name: getattr(pairs, name) for name in COLUMNS}
    assert {c.dtype.kind for c in columns.values()} <= {"i", "f", "b"}
    return (
        {n: c.dtype.str.encode() + c.tobytes() for n, c in columns.items()},
        key.tobytes(),
        (loss.tobytes()),
    )


def _same(init: Initiative, config: ScoringConfig, budget: int | None = None) -> None:
    compiled = _scored(init, config, compiled=True, budget=budget)
    plain = _scored(init, config, compiled=False, budget=budget)
    for name in COLUMNS:
        assert compiled[0][name] == plain[0][name], name
    assert compiled[1:] == plain[1:], "coordination gap keys and losses"


@settings(deadline=None)
@given(initiatives(), st.sampled_from([None, 1, 7]))
def test_compiled_pairs_are_the_numpy_pairs_to_the_bit(
    init: Initiative, budget: int | None
) -> None:
    """Any initiative, any block size (so one or several threads): the same bytes."""
    _same(init, ScoringConfig(), budget)


@settings(deadline=None, max_examples=10)
@given(
    st.integers(0, 2**16),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.9),
    st.floats(0.0, 1.0),
)
def test_compiled_pairs_with_other_weights(
    seed: int, unspecified: float, pathway: float, brokered: float
) -> None:
    """Synthetic initiatives (harm, strategies, labels, a backbone) under other weights."""
    init = generate(partners=30, activities=250, indicators=12, ties=60, seed=seed)
    config = ScoringConfig(
        unspecified_overlap=unspecified, pathway_weight=pathway, brokered_coordination=brokered
    )
    _same(init, config, budget=500)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_pairs_of_a_larger_initiative(seed: int) -> None:
    """A few thousand activities in many blocks, scored on several threads."""
    init = generate(partners=200, activities=3000, indicators=60, ties=600, seed=seed)
    _same(init, ScoringConfig(), budget=20_000)


@pytest.mark.parametrize("budget", [None, 300])
def test_an_activity_of_every_partner_is_compiled_alike(budget: int | None) -> None:
    """One activity run by all 300 partners and one by 200: the numpy engine reads each pair's
    own partners (not every set padded to 300), the kernel loops over them: the same bytes."""
    base = generate(partners=300, activities=800, indicators=20, ties=600, seed=7)
    ids = [p.id for p in base.partners]
    first = base.goals[0].indicators[0]
    init = base.evolve(
        activities=[
            *base.activities,
            ci.Activity(id="all", name="All", partners=ids, contributes={first: 0.5}),
            ci.Activity(id="many", name="Many", partners=ids[100:], contributes={first: 0.3}),
        ]
    )
    _same(init, ScoringConfig(brokered_coordination=0.3), budget)


def test_harm_and_conflict_are_compiled_alike() -> None:
    """Pairs that harm and conflict (the branches the synthetic data rarely reach)."""
    partners = [ci.Partner(id=p, name=p.upper(), sector="nonprofit") for p in "pqrs"]
    acts = [
        ci.Activity(id="a1", name="A1", partners=["p"], contributes={"i": 0.6, "j": -0.4}),
        ci.Activity(id="a2", name="A2", partners=["q"], contributes={"i": -0.5, "j": -0.3}),
        ci.Activity(id="a3", name="A3", partners=["r", "p"], contributes={"i": 0.7}),
        ci.Activity(
            id="a4", name="A4", partners=["s"], contributes={"i": 0.7}, strategy="tutoring"
        ),
        ci.Activity(
            id="a5", name="A5", partners=["q"], contributes={"i": 0.7}, strategy="tutoring"
        ),
    ]
    init = ci.Initiative(
        name="Harm",
        partners=partners,
        goals=[ci.Goal(id="g", statement="G", indicators=["i", "j"])],
        indicators=[ci.Indicator(id="i", name="I"), ci.Indicator(id="j", name="J")],
        activities=acts,
        ties=[ci.Tie(source="p", target="q", strength=0.4)],
    )
    _same(init, ScoringConfig())
    pairs = reinforcement.reinforcement_scores(init).pairs
    assert pairs.conflict.max() > 0  # the branches ran
    assert pairs.joint_harm.max() > 0


def test_many_label_sets_fall_back_to_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the dense overlap table's limit the engine keeps to numpy (and the same pairs)."""
    init = generate(partners=20, activities=120, indicators=8, ties=30, seed=3)
    monkeypatch.setattr(reinforcement, "_DENSE_SET_LIMIT", 1)
    called = []
    monkeypatch.setattr(reinforcement._CompiledBlocks, "run", lambda *a: called.append(a))
    _scored(init, ScoringConfig(), compiled=True)
    assert called == []


def test_the_switch_turns_the_kernel_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _kernels.available()
    monkeypatch.setenv(_kernels.ENVIRONMENT_SWITCH, "0")
    assert not _kernels.available()


def test_small_initiatives_do_not_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    """Below ``COMPILED_MIN_WORK`` matches, assess never loads the kernel."""
    called = []
    monkeypatch.setattr(reinforcement._CompiledBlocks, "run", lambda *a: called.append(a))
    result = ci.assess(ci.load_example("cradle-to-career"))
    assert called == []
    assert np.isfinite(result.scores.overall)


def test_a_kernel_that_cannot_compile_falls_back_to_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """numba installed but broken: a warning, and the numpy engine's numbers."""
    init = generate(partners=20, activities=120, indicators=8, ties=30, seed=4)
    arrays = build_arrays(init)
    config = ScoringConfig()
    total = reinforcement.total_contributions(arrays, config.pathway_weight)
    expected = _score_pairs(arrays, config, total, compiled=False).pairs()

    def broken() -> None:
        raise RuntimeError("no LLVM here")

    monkeypatch.setattr(reinforcement, "COMPILED_MIN_WORK", 0)
    monkeypatch.setattr(_kernels, "kernels", broken)
    with pytest.warns(RuntimeWarning, match="no LLVM here"):
        got = _score_pairs(arrays, config, total).pairs()
    assert got.reinforcement.tobytes() == expected.reinforcement.tobytes()
    with pytest.raises(RuntimeError, match="no LLVM"):  # asked for explicitly: no fallback
        _score_pairs(arrays, config, total, compiled=True)


@pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
def test_a_kernel_that_fails_at_its_first_call_falls_back_to_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """numba imports, but compiling for the actual arguments fails (in a thread): numpy's numbers.

    Warned once; later calls in the process use numpy without trying the compiler again, and a
    call that asks for the kernel explicitly gets the compiler's error.
    """
    from numba.core.errors import TypingError

    init = generate(partners=20, activities=120, indicators=8, ties=30, seed=4)
    arrays = build_arrays(init)
    config = ScoringConfig()
    total = reinforcement.total_contributions(arrays, config.pathway_weight)
    expected = _score_pairs(arrays, config, total, compiled=False).pairs()
    calls: list[int] = []

    def score_block(*args: object) -> None:
        calls.append(1)
        raise TypingError("no such type here")

    monkeypatch.setattr(reinforcement, "COMPILED_MIN_WORK", 0)
    monkeypatch.setattr(_kernels, "_BROKEN", {})
    monkeypatch.setattr(_kernels, "kernels", lambda: SimpleNamespace(score_block=score_block))
    with pytest.warns(RuntimeWarning, match="pair kernel failed to compile.*no such type here"):
        got = _score_pairs(arrays, config, total, budget=500).pairs()
    for name in COLUMNS:
        assert getattr(got, name).tobytes() == getattr(expected, name).tobytes(), name
    tried = len(calls)
    assert tried >= 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no second warning
        again = _score_pairs(arrays, config, total).pairs()
    assert len(calls) == tried  # the compiler is not tried again
    assert again.reinforcement.tobytes() == expected.reinforcement.tobytes()
    with pytest.raises(TypingError, match="no such type"):  # asked for explicitly
        _score_pairs(arrays, config, total, compiled=True)


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ([0.2, 1.5, np.inf, -np.inf, np.inf, -np.inf, 0.0], "overlap outside"),
        ([np.inf, -np.inf, -0.1, 0.5, np.inf, -np.inf, 0.0], "cosine outside"),
        ([0.1, 0.2, 0.0, 1.0, 0.0, 2.0, 0.0], "coordination outside"),
        ([0.1, 0.2, 0.0, 1.0, 0.0, 1.0, 1.0], "overlap, cosine or coordination outside"),
    ],
)
def test_values_the_kernel_met_out_of_range_are_a_bug(ranges: list[float], message: str) -> None:
    """Out of range, or NaN: the internal error the numpy engine raises, never a clip."""
    with pytest.raises(AssertionError, match=message):
        reinforcement._check_kernel_ranges(ranges)


def _lead_pair_sums_both(
    arrays: object, pairs: reinforcement.PairScores
) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
    """The partner gaps' keys, sums and counts of the kernel and of numpy, as bytes."""
    between = pairs.between
    found = []
    for compiled in (True, False):
        (keys, sums, counts), coordinated = reinforcement._lead_pair_sums(
            arrays,  # type: ignore[arg-type]
            pairs,
            between,
            [pairs.at("reinforcement", between)],
            compiled=compiled,
        )
        found.append(
            (
                keys.tobytes(),
                sums.tobytes(),
                counts.astype(np.int64).tobytes(),
                np.float64(coordinated).tobytes(),
            )
        )
    return found[0], found[1]


def _paired(init: Initiative) -> tuple[ModelArrays, reinforcement.PairScores]:
    """The arrays and the pair scores of an initiative (the default configuration)."""
    arrays = build_arrays(init)
    config = ScoringConfig()
    total = reinforcement.total_contributions(arrays, config.pathway_weight)
    return arrays, reinforcement._pair_scores(arrays, config, total)


@settings(deadline=None)
@given(initiatives(), st.booleans(), st.integers(min_value=1, max_value=7))
def test_compiled_partner_gap_sums_are_numpys_to_the_bit(
    init: Initiative, sparse: bool, parts: int
) -> None:
    """Any initiative, its coordination stored dense or as its non-zero rows, in one range of
    pairs or several (up to one pair each, on threads): the kernels' passes (the counts, the
    buckets written from each range's own places, the sums over ranges of buckets) give the
    keys, the bits of every sum (each pair of lead partners' losses added in the order of the
    pairs, from 0) and the counts of ``_gap_terms`` and the sort, and the same coordinated
    reinforcement (the sum of ``R k``)."""
    arrays, pairs = _paired(init)
    coordination = pairs.coordination
    pairs = attrs.evolve(
        pairs, coordination=reinforcement._Sparse.of(coordination) if sparse else coordination
    )
    with pytest.MonkeyPatch.context() as m:
        m.setattr(reinforcement, "_GAP_THREADS", parts)
        m.setattr(reinforcement, "_GAP_PART_MIN", 1)
        m.setattr(_kernels, "usable_cpus", lambda: 8)
        compiled, plain = _lead_pair_sums_both(arrays, pairs)
    assert compiled == plain


@settings(deadline=None)
@given(
    initiatives(),
    st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    st.integers(min_value=1, max_value=5),
)
def test_compiled_strong_ties_are_numpys(init: Initiative, weak: float, parts: int) -> None:
    """Any initiative, any threshold, in one range of pairs or several: the kernel's binary
    searches in the tie matrix flag the same pairs between partners as ``sample`` does (a
    pair without a tie has strength 0, strong when the threshold is 0)."""
    arrays, pairs = _paired(init)
    cross = pairs.between
    real, calls = _kernels.kernels(), []

    def strong_ties(*args: object) -> None:
        calls.append(1)
        real.strong_ties(*args)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(conditions, "_TIE_THREADS", parts)
        m.setattr(conditions, "_TIE_PART_MIN", 1)
        m.setattr(_kernels, "usable_cpus", lambda: 8)
        m.setattr(_kernels, "kernels", lambda: SimpleNamespace(strong_ties=strong_ties))
        flags = [
            conditions._strong_pairs(arrays, pairs, cross, weak, compiled=compiled)
            for compiled in (True, False)
        ]
    assert calls  # the kernel ran (the tie matrix is in canonical form)
    assert flags[0].dtype == flags[1].dtype == np.bool_
    assert flags[0].tolist() == flags[1].tolist()
    assert flags[0].size == int(cross.sum())


def test_continuous_communication_with_the_tie_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the kernel reads the ties of large initiatives: the same coverage, to the bit,
    on two threads or one, with ties of every strength."""
    init = generate(partners=60, activities=900, indicators=30, ties=300, seed=4)
    monkeypatch.setattr(_kernels, "usable_cpus", lambda: 2)
    monkeypatch.setattr(conditions, "_TIE_PART_MIN", 100)
    found = []
    for minimum, threads in ((1 << 62, 2), (1, 1), (1, 2)):
        monkeypatch.setattr(conditions, "_COMPILED_TIES_MIN", minimum)
        monkeypatch.setattr(conditions, "_TIE_THREADS", threads)
        found.append(conditions.continuous_communication(init)["coverage"])
    assert found[0] is not None
    assert 0 < found[0] < 1
    assert found[0] == found[1] == found[2]


def _joins(init: Initiative, unspecified: float) -> list[tuple[bytes, ...]]:
    arrays = build_arrays(init)
    total = reinforcement.total_contributions(arrays, 0.5)
    entries = reinforcement._entries(total, arrays.goal_weight)
    found = []
    for compiled in (True, False):
        join = reinforcement._join(entries, arrays, unspecified, compiled=compiled)
        columns = (join.left_indptr, join.left_row, join.first, join.count, join.right_entry)
        found.append(tuple(c.dtype.str.encode() + c.tobytes() for c in columns))
    return found


@settings(deadline=None)
@given(initiatives(), st.sampled_from([0.0, 0.5, 1.0]))
def test_compiled_join_is_numpys(init: Initiative, unspecified: float) -> None:
    """Any initiative: the kernel's counting sort and binary searches give the same join (every
    array to the byte) as the sorts of packed integers."""
    compiled, plain = _joins(init, unspecified)
    assert compiled == plain


@pytest.mark.parametrize("seed", [0, 1])
def test_compiled_join_of_a_larger_initiative(seed: int) -> None:
    """Thousands of activities, with populations and places: keys with many right tokens."""
    init = generate(partners=200, activities=3000, indicators=60, ties=600, seed=seed)
    compiled, plain = _joins(init, 0.5)
    assert compiled == plain


def test_partner_gap_sums_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three partners (keys ``3p + q``), four activities led by partners 0, 2, 2 and 1.

    ======  =======  =======  ===  ====  ===================
    pair    leads    between  R    k     loss R(1 - k), key
    ======  =======  =======  ===  ====  ===================
    (0, 1)  0, 2     yes      0.1  0.5   0.05, 2
    (0, 2)  0, 2     yes      0.2  0     0.2, 2
    (0, 3)  0, 1     yes      0.4  1     0, 1
    (1, 2)  2, 2     no       —    0.7   —
    (1, 3)  2, 1     yes      0.5  0.25  0.375, 5
    (2, 3)  2, 1     yes      0    0     not reinforcing
    ======  =======  =======  ===  ====  ===================

    Key 2 sums ``0.0 + 0.1 · (1 - 0.5) + 0.2 · (1 - 0)`` in this order (two pairs), key 5 is
    ``0.375`` (one pair); key 1 loses nothing (its pair is fully coordinated), so it is no gap.
    The coordinated reinforcement sums ``R k`` over the five pairs between partners:
    ``0.1 · 0.5 + 0.2 · 0 + 0.4 · 1 + 0.5 · 0.25 + 0 · 0 = 0.575``. The coordination is read
    dense and sparse alike, and the kernels give the same in one range of pairs or several
    (one pair each, and more ranges than pairs).
    """
    monkeypatch.setattr(reinforcement, "_GAP_PART_MIN", 1)
    monkeypatch.setattr(_kernels, "usable_cpus", lambda: 8)
    arrays = SimpleNamespace(partner_ids=("p0", "p1", "p2"), lead=np.array([0, 2, 2, 1]))
    zeros = np.zeros(6)
    k = np.array([0.5, 0.0, 1.0, 0.7, 0.25, 0.0])
    for coordination in (k, reinforcement._Sparse.of(k)):
        pairs = reinforcement.PairScores(
            a=np.array([0, 0, 0, 1, 1, 2]),
            b=np.array([1, 2, 3, 2, 3, 3]),
            interdependence=zeros,
            conflict_a=zeros,
            conflict_b=zeros,
            joint_harm=zeros,
            redundancy=zeros,
            between=np.array([True, True, True, False, True, True]),
            coordination=coordination,
        )
        counted = np.array([0.1, 0.2, 0.4, 0.5, 0.0])  # R of the pairs between partners
        for compiled, parts in ((False, 1), (True, 1), (True, 2), (True, 4), (True, 9)):
            monkeypatch.setattr(reinforcement, "_GAP_THREADS", parts)  # ranges of pairs
            taken = [counted.copy()]
            (keys, sums, counts), coordinated = reinforcement._lead_pair_sums(
                arrays,  # type: ignore[arg-type]
                pairs,
                pairs.between,
                taken,
                compiled=compiled,
            )
            assert taken == []  # taken, so that it is freed as soon as it is summed
            assert keys.tolist() == [2, 5]
            assert sums.tolist() == [0.0 + 0.1 * (1.0 - 0.5) + 0.2 * (1.0 - 0.0), 0.375]
            assert counts.tolist() == [2, 1]
            products = np.array([0.1 * 0.5, 0.2 * 0.0, 0.4 * 1.0, 0.5 * 0.25, 0.0 * 0.0])
            assert coordinated == float(products.sum())
            assert coordinated == pytest.approx(0.575, abs=1e-15)


def test_leads_that_are_not_partners_never_reach_the_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kernel does not check its bounds: a lead outside the partners (which a valid model
    never has) sends the sums to numpy."""

    def refuse(*args: object) -> None:
        raise AssertionError("the kernel was called")

    monkeypatch.setattr(
        _kernels,
        "kernels",
        lambda: SimpleNamespace(gap_counts=refuse, gap_scatter=refuse, gap_sums=refuse),
    )
    zeros = np.zeros(1)
    pairs = reinforcement.PairScores(
        a=np.array([0]),
        b=np.array([1]),
        interdependence=zeros,
        conflict_a=zeros,
        conflict_b=zeros,
        joint_harm=zeros,
        redundancy=zeros,
        between=np.array([True]),
        coordination=zeros,
    )
    for lead in ([0, 2], [-1, 0]):
        arrays = SimpleNamespace(partner_ids=("p0", "p1"), lead=np.array(lead))
        (_, sums, _), coordinated = reinforcement._lead_pair_sums(
            arrays,  # type: ignore[arg-type]
            pairs,
            pairs.between,
            [np.array([0.5])],
            compiled=True,
        )
        assert sums.tolist() == [0.5]
        assert coordinated == 0.0


@pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
def test_a_gap_pass_that_fails_to_compile_leaves_the_pairs_for_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last pass failing to compile: every pass is compiled before the second writes into
    the pairs' R (``counted *= k``), so numpy then sums the R it was given: numpy's table."""
    from numba.core.errors import TypingError

    arrays, pairs = _paired(generate(partners=60, activities=900, indicators=30, ties=120, seed=4))
    real = _kernels.kernels()

    def gap_sums(*args: object) -> None:
        raise TypingError("no such type here")

    monkeypatch.setattr(reinforcement, "_COMPILED_GAPS_MIN", 1)
    monkeypatch.setattr(reinforcement, "_GAP_PART_MIN", 100)
    monkeypatch.setattr(_kernels, "_BROKEN", {})
    monkeypatch.setattr(
        _kernels,
        "kernels",
        lambda: SimpleNamespace(
            gap_counts=real.gap_counts, gap_scatter=real.gap_scatter, gap_sums=gap_sums
        ),
    )
    found = []
    for compiled in (None, False):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # "failed to compile", once
            (keys, sums, counts), coordinated = reinforcement._lead_pair_sums(
                arrays, pairs, pairs.between, [pairs.at("reinforcement", pairs.between)],
                compiled=compiled,
            )  # fmt: skip
        found.append((keys.tobytes(), sums.tobytes(), counts.tobytes(), coordinated))
    assert found[0] == found[1]
    assert "partner-gap kernel" in _kernels._BROKEN


def test_the_partner_gaps_are_those_of_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default the kernel sums the partner gaps of large initiatives: the same table."""
    init = generate(partners=60, activities=900, indicators=30, ties=120, seed=4)
    arrays = build_arrays(init)

    def table(minimum: int) -> tuple[bytes, ...]:
        monkeypatch.setattr(reinforcement, "_COMPILED_GAPS_MIN", minimum)
        gaps = reinforcement.reinforcement_from_arrays(arrays).partner_gaps_by_pair
        assert len(gaps) > 10
        columns = (gaps.p, gaps.q, gaps.gap, gaps.share, gaps.pairs.astype(np.int64))
        return tuple(c.tobytes() for c in columns)

    assert table(1) == table(1 << 62)
    monkeypatch.setattr(_kernels, "usable_cpus", lambda: 4)
    monkeypatch.setattr(reinforcement, "_GAP_PART_MIN", 100)
    for parts in (2, 3, 4):  # ranges of at least 100 pairs, on as many threads
        monkeypatch.setattr(reinforcement, "_GAP_THREADS", parts)
        assert table(1) == table(1 << 62)


def test_blocks_without_such_values_pass() -> None:
    empty = [np.inf, -np.inf] * 3 + [0.0]
    reinforcement._check_kernel_ranges(empty)
    reinforcement._check_kernel_ranges([0.0, 1.0 + 1e-12, 0.0, 1.0, 0.3, 1.0, 0.0])


def test_every_kernel_can_be_cached() -> None:
    """No compiled function closes over anything but a module: numba's cache keys a closure by
    its variables, and one holding a compiled function (or any object pickled differently in
    each process) misses the cache, recompiling for seconds in every process."""
    import types

    namespace = _kernels.kernels()
    assert vars(namespace), "the namespace lists the kernels"
    for name, dispatcher in vars(namespace).items():
        cells = dispatcher.py_func.__closure__ or ()
        kinds = {type(cell.cell_contents).__name__ for cell in cells}
        assert all(isinstance(c.cell_contents, types.ModuleType) for c in cells), (name, kinds)


def test_a_second_process_loads_the_search_from_the_cache() -> None:
    """The distance search compiled (or loaded) in one process is loaded, not compiled, in the
    next one."""
    import subprocess
    import sys

    script = (
        "import numpy as np\n"
        "from collective_impact.analysis import _kernels\n"
        "k = _kernels.kernels().distance_block\n"
        "i = np.array([0, 1, 2]); j = np.array([1, 0])\n"
        "k(i, j, np.array([0]), 128)\n"
        "print(sum(k.stats.cache_misses.values()))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
        ).stdout.split()[-1]
        for _ in range(2)
    ]
    assert runs[1] == "0", runs


def test_a_block_that_fails_stops_the_run_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error met in a block (here the third) is raised, with no block left running.

    One block more than threads is in flight while the rows of the oldest are copied; the
    others are cancelled or waited for before the error leaves the engine.
    """
    init = generate(partners=30, activities=250, indicators=12, ties=60, seed=5)
    checked: list[int] = []

    def check(ranges: list[float]) -> None:
        checked.append(1)
        if len(checked) == 3:
            raise AssertionError("internal error: a test's NaN")

    monkeypatch.setattr(reinforcement, "_check_kernel_ranges", check)
    started = threading.active_count()
    with pytest.raises(AssertionError, match="a test's NaN"):
        _scored(init, ScoringConfig(), compiled=True, budget=500)
    assert len(checked) == 3
    assert threading.active_count() == started  # the pool's threads are gone


@pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
def test_the_measures_derived_when_read_are_the_kernels_to_the_bit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``PairScores.conflict``, ``reinforcement`` and ``duplication`` are not stored but derived
    from the columns that are: they equal, to the bit, the ones the kernel computes (and which
    it stores when told to keep every column it writes), for every pair and for any rows read
    by ``at``."""
    init = generate(partners=30, activities=250, indicators=12, ties=60, seed=6)
    arrays = build_arrays(init)
    config = ScoringConfig()
    total = reinforcement.total_contributions(arrays, config.pathway_weight)
    pairs = _score_pairs(arrays, config, total, compiled=True, budget=500).pairs()
    monkeypatch.setattr(reinforcement, "_STORED_COLUMNS", reinforcement._KERNEL_COLUMNS)
    kept = _score_pairs(arrays, config, total, compiled=True, budget=500)
    n = kept.filled
    assert n == len(pairs) > 0
    assert float(pairs.conflict.max()) > 0
    assert float(pairs.duplication.max()) > 0
    rows = np.flatnonzero(pairs.conflict_b > 0)[:7]
    for name in ("conflict", "reinforcement", "duplication"):
        written = kept.columns[name][:n]
        assert getattr(pairs, name).tobytes() == written.tobytes(), name
        assert pairs.at(name, rows).tobytes() == written[rows].tobytes(), name
        assert pairs.at(name, int(rows[0])) == written[rows[0]], name


@pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
@pytest.mark.parametrize(("first", "second"), [(0.1, 0.2), (0.15, 0.15), (0.1, 0.2 + 1e-6)])
def test_help_that_conflict_cancels_is_no_reinforcement_in_the_kernel_too(
    first: float, second: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel's reinforcement column judges ``d - conflict`` beyond rounding as numpy does:
    help 0.1 + 0.2 against a conflict of 0.3 is R = 0 (5.6e-17 before), 0.15 + 0.15 exactly 0,
    and a real net of 1e-6 is kept; the same bits either way (the column is not stored, so
    only a kernel told to keep every column shows it)."""
    from test_reinforcement import TestHelpThatConflictCancelsOnPaper

    init = TestHelpThatConflictCancelsOnPaper.initiative(first, second)
    arrays = build_arrays(init)
    config = ScoringConfig()
    total = reinforcement.total_contributions(arrays, config.pathway_weight)
    pairs = _score_pairs(arrays, config, total, compiled=False).pairs()
    monkeypatch.setattr(reinforcement, "_STORED_COLUMNS", reinforcement._KERNEL_COLUMNS)
    kept = _score_pairs(arrays, config, total, compiled=True)
    n = kept.filled
    assert n == len(pairs) == 1
    written = kept.columns["reinforcement"][:n]
    assert pairs.reinforcement.tobytes() == written.tobytes()
    assert (written[0] > 0) == (second > 0.2)


@pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
@pytest.mark.parametrize(("first", "second"), [(0.1, 0.2), (0.15, 0.15), (0.1, 0.2 + 1e-6)])
def test_help_that_joint_harm_cancels_is_no_reinforcement_in_the_kernel_too(
    first: float, second: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kernel's reinforcement column takes joint harm from the help as numpy does, and
    judges ``d - conflict - h`` beyond rounding: help 0.1 + 0.2 against a joint harm of 0.3 is
    R = 0 (the kernel kept d = 0.3 before, leaving joint harm out), 0.15 + 0.15 exactly 0,
    and a real net of 1e-6 is kept; the same bits either way."""
    from test_reinforcement import TestJointHarmCancelsJointHelp

    init = TestJointHarmCancelsJointHelp.initiative(first, second)
    arrays = build_arrays(init)
    config = ScoringConfig()
    total = reinforcement.total_contributions(arrays, config.pathway_weight)
    pairs = _score_pairs(arrays, config, total, compiled=False).pairs()
    monkeypatch.setattr(reinforcement, "_STORED_COLUMNS", reinforcement._KERNEL_COLUMNS)
    kept = _score_pairs(arrays, config, total, compiled=True)
    n = kept.filled
    assert n == len(pairs) == 1
    assert float(pairs.joint_harm[0]) == 0.3
    written = kept.columns["reinforcement"][:n]
    assert pairs.reinforcement.tobytes() == written.tobytes()
    assert (written[0] > 0) == (second > 0.2)
    if second > 0.2:
        assert written[0] == pytest.approx(1e-6, rel=1e-9)
