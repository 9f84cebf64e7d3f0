r"""Sensitivity of an assessment to its weights and thresholds.

Is a ranking an artefact of a weight?

Every score of :func:`~collective_impact.assess` rests on weights and thresholds
(:class:`~collective_impact.ScoringConfig`) that are judgements, not measurements. A researcher
who reports "the largest gap is X" or "connect p and q first" should know whether a different but
equally defensible choice of those numbers would say the same. :func:`sensitivity` answers with a
Monte Carlo uncertainty analysis (Saltelli et al. 2008, ch. 1): every weight and threshold is
perturbed *together*, each by an independent relative factor drawn uniformly in
:math:`[1 - \delta, 1 + \delta]`; the initiative is re-assessed under each perturbed
configuration; and the spread of the scores and the stability of the top-ranked gaps and
recommendations are reported.

It measures how much the outputs move, not which weight moves them (a variance decomposition such
as Sobol's indices would; perturbing one field at a time, ``fields=["weak_tie"]``, is a cheap
substitute).

Saltelli, A., Ratto, M., Andres, T., Campolongo, F., Cariboni, J., Gatelli, D., Saisana, M. and
Tarantola, S. (2008). *Global Sensitivity Analysis: The Primer*. Wiley.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import textwrap
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, NamedTuple

import attrs
import numpy as np
from scipy import stats

from ._checks import expect_config
from ._software import numerical_versions, software
from ._text import (
    INDEX_DECIMALS,
    amount,
    decimals_apart,
    fixed,
    pair_decimals,
    percent_apart,
    plural,
    score_text,
)
from ._version import __version__
from .analysis._canonical import canonical
from .analysis._intervals import MIN_SAMPLES, QUANTILE_METHOD
from .analysis.conditions import SCORE_KEYS
from .analysis.prepared import Prepared, prepare
from .config import ScoringConfig
from .errors import PathwayError, ValidationError, did_you_mean
from .model import FrozenMap, Initiative
from .model._fields import SPEC, Number, suggest
from .report import Assessment, assess, config_text

if TYPE_CHECKING:
    from .analysis.gaps import Gap
    from .analysis.recommend import TieRecommendation

__all__ = ["RankStability", "ScoreRange", "Sensitivity", "sensitivity"]

#: Real-valued fields of :class:`ScoringConfig` that are *not* perturbed, and why. Any other
#: field named ``*_level`` is taken for a statistical level too, and a field whose value is 0 is
#: left alone as well (see :func:`_fixed_reason`).
FIXED_FIELDS: Mapping[str, str] = FrozenMap(
    {
        "prediction_level": "the coverage of a prediction interval: a statistical level chosen "
        "by the analyst, not a weight of the model",
        "disparity_level": "the significance level of the widening test: a statistical level "
        "chosen by the analyst, not a weight of the model",
        "recommended_tie_strength": "the strength of the tie a recommendation proposes: the "
        "question asked, not a weight of the answer",
    }
)

#: Pairs of fields ``(lower, upper)`` that :class:`ScoringConfig` requires in this order: a
#: sample that draws ``upper`` below ``lower`` takes ``upper = lower`` (and counts as clipped).
_ORDERED: tuple[tuple[str, str], ...] = (("gap_share_threshold", "critical_gap_share"),)

#: Why a weight or threshold whose value is 0 is left alone.
_AT_ZERO = "0 in this configuration: a relative perturbation cannot move it"

#: Percentiles of the reported interval.
_LEVELS = (5.0, 95.0)

#: How the percentiles are read from the samples: the Weibull plotting position
#: :math:`(n + 1)p`, whose interval holds on average the share of the distribution it names
#: (numpy's default, linear, holds :math:`0.9(n - 1)/(n + 1)`: 82% at 21 samples).
_METHOD: Final = QUANTILE_METHOD

#: Fewest samples from which the 5%-95% interval, the ``stay`` shares and the mean Kendall tau
#: are reported (below it they are ``None``: insufficient data); why 21: see
#: :func:`sensitivity`, Notes (one rule with the null test's, in ``analysis/_intervals.py``).
_MIN_SAMPLES = MIN_SAMPLES


# --------------------------------------------------------------------------- results


@attrs.frozen(kw_only=True)
class ScoreRange:
    r"""How one score varies over the perturbed configurations.

    Attributes
    ----------
    baseline
        The score under the configuration given, or ``None`` when it is undefined there.
    low, high
        The 5th and 95th percentiles of the score over the samples where it is defined
        (``numpy.percentile``'s ``"weibull"`` method, whose interval holds on average 90% of
        the configurations' scores); ``None`` when it is defined in fewer than
        :attr:`Sensitivity.min_samples` (21) samples: insufficient data (with ``defined`` 0,
        undefined), since from fewer values the ends are the minimum and the maximum, or
        interpolations towards them (see :func:`sensitivity`, Notes).
    min, max
        The smallest and largest value over those samples (what was observed, from any number of
        samples), or ``None`` when the score is defined in none.
    defined
        Number of samples in which the score is defined (the alignment index is undefined when no
        pair of activities reinforces another; no score is defined in a sample whose pathways
        diverge, :attr:`Sensitivity.diverged`).

    Examples
    --------
    With every weight and threshold moved by up to 20%, the workforce example's overall score
    stays between 0.786 and 0.807 in 90% of the configurations:

    >>> import collective_impact as ci
    >>> study = ci.sensitivity(ci.load_example("workforce"), samples=21, seed=1)
    >>> overall = study.scores["overall"]
    >>> round(overall.baseline, 3), round(overall.low, 3), round(overall.high, 3), overall.defined
    (0.792, 0.786, 0.807, 21)
    >>> round(overall.width, 3)
    0.02
    """

    baseline: float | None
    low: float | None
    high: float | None
    min: float | None
    max: float | None
    defined: int

    @property
    def width(self) -> float | None:
        """``high - low``: the width of the 5%–95% interval, or ``None`` (insufficient data).

        ``None`` whenever :attr:`low` is: with fewer than 21 samples a width would be that of
        a (nearly) min-to-max range, not of a 90% interval, and a width of 0 from one sample
        would claim that the score does not depend on the weights.
        """
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    def to_dict(self) -> dict[str, float | int | None]:
        """Return the range as plain data (``None`` where undefined).

        Returns
        -------
        dict of str to float or int or None
            The keys ``baseline``, ``low``, ``high``, ``min``, ``max`` (floats, or ``None``
            where the score is undefined) and ``defined`` (an int), as the attributes hold them.

        Examples
        --------
        >>> r = ScoreRange(baseline=0.6, low=0.55, high=0.65, min=0.5, max=0.7, defined=20)
        >>> r.to_dict()
        {'baseline': 0.6, 'low': 0.55, 'high': 0.65, 'min': 0.5, 'max': 0.7, 'defined': 20}
        >>> ScoreRange(baseline=None, low=None, high=None, min=None, max=None,
        ...            defined=0).to_dict()["low"] is None
        True
        >>> ScoreRange(baseline=0.48, low=None, high=None, min=0.449, max=0.449,
        ...            defined=1).to_dict()  # one sample: insufficient data
        {'baseline': 0.48, 'low': None, 'high': None, 'min': 0.449, 'max': 0.449, 'defined': 1}
        """
        return {
            "baseline": self.baseline,
            "low": self.low,
            "high": self.high,
            "min": self.min,
            "max": self.max,
            "defined": self.defined,
        }


@attrs.frozen(kw_only=True)
class RankStability:
    r"""How stable the top ``k`` of a ranking (gaps or recommended ties) is.

    Attributes
    ----------
    k
        Length of the ranking compared (``top``).
    items
        Labels of the baseline top-``k`` items, best first (may be fewer than ``k``). A gap is
        labelled by its ``key`` when it has a string key, else as ``code[subject,...]``; a
        recommended tie as ``source--target``.
    stay
        For each item, the share of the samples whose pathways converge in which it is still
        among the top ``k`` (a sample whose pathways diverge, :attr:`Sensitivity.diverged`, has
        no ranking and is left out of the numerator and the denominator); every share ``None``
        (insufficient data) when fewer than :attr:`Sensitivity.min_samples` (21) samples
        converge.
    tau_mean, tau_min
        Mean and smallest Kendall :math:`\tau_b` between the baseline top ``k`` and each
        sample's top ``k`` (see :func:`sensitivity`, Notes), over the samples where it is
        defined; ``None`` when it is defined in none. A sample with no list while the baseline
        has one counts as :math:`-1` (see ``empty``). ``tau_mean`` is also ``None``
        (insufficient data) when it is defined in fewer than 21 samples; ``tau_min``, what
        was observed, is reported from any number.
    defined
        Number of samples in which :math:`\tau_b` is defined: every sample whose pathways
        converge when the baseline list is not empty; otherwise those of them that list
        something.
    empty
        Number of samples (whose pathways converge) whose list is empty while the baseline's is
        not: none of the baseline's items stays, and :math:`\tau_b` counts as :math:`-1` there.

    Examples
    --------
    The first recommended tie of the workforce example stays among the top five in every
    perturbed configuration; the fifth in fewer than half of them:

    >>> import collective_impact as ci
    >>> study = ci.sensitivity(ci.load_example("workforce"), samples=21, seed=1)
    >>> ties = study.recommendations
    >>> ties.items[0], ties.stay[0]
    ('community-colleges--job-readiness-provider', 1.0)
    >>> ties.items[4], round(ties.stay[4], 2)
    ('community-colleges--mowd', 0.43)
    >>> round(ties.tau_mean, 2), ties.tau_min
    (0.84, 0.25)
    """

    k: int
    items: tuple[str, ...]
    stay: tuple[float | None, ...]
    tau_mean: float | None
    tau_min: float | None
    defined: int
    empty: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the stability as plain data.

        Returns
        -------
        dict of str to object
            ``k``, ``items`` (a list of ``{"item": label, "stay": share}``, best first; the
            share ``None`` with too few samples), ``tau_mean`` and ``tau_min`` (floats or
            ``None``), ``defined`` and ``empty`` (ints).

        Examples
        --------
        >>> rank = RankStability(k=2, items=("short-funding()", "missing-sector(business)"),
        ...                      stay=(1.0, 0.75), tau_mean=0.5, tau_min=-1.0, defined=4,
        ...                      empty=1)
        >>> rank.to_dict()
        {'k': 2,
         'items': [{'item': 'short-funding()', 'stay': 1.0},
                   {'item': 'missing-sector(business)', 'stay': 0.75}],
         'tau_mean': 0.5, 'tau_min': -1.0, 'defined': 4, 'empty': 1}
        """
        return {
            "k": self.k,
            "items": [
                {"item": item, "stay": share}
                for item, share in zip(self.items, self.stay, strict=True)
            ],
            "tau_mean": self.tau_mean,
            "tau_min": self.tau_min,
            "defined": self.defined,
            "empty": self.empty,
        }


@attrs.frozen(kw_only=True)
class Sensitivity:
    r"""The result of :func:`sensitivity`.

    Attributes
    ----------
    samples
        Number of perturbed configurations assessed.
    diverged
        Among them, the number whose indicator pathways diverge (with cyclic ``drives``, a
        perturbed ``pathway_weight`` at or above the convergence bound; see
        :func:`sensitivity`, Notes). No score is defined in them (each :attr:`ScoreRange.defined`
        leaves them out) and they have no ranking (:class:`RankStability` counts only the
        others); 0 when every sample converges.
    spread
        The relative half-width :math:`\delta` of the perturbation.
    seed
        Seed of ``numpy.random.default_rng``.
    top
        Length of the rankings compared.
    as_of
        The date every assessment was judged at.
    config
        The configuration perturbed (the baseline's): the samples are drawn around it.
    perturbed
        The fields of :class:`~collective_impact.ScoringConfig` that were perturbed, in
        declaration order.
    fields
        The fields the study was asked to perturb (``fields`` of :func:`sensitivity`, in
        declaration order), or ``None`` when it perturbed every weight and threshold.
    clipped
        Among them, the fields whose draws were clipped into their valid range at least once.
    fixed
        The fields left alone, with the reason: those that are not weights or thresholds,
        those at 0 (a relative perturbation cannot move them) and, when :attr:`fields` is
        given, the weights and thresholds it does not name.
    scores
        ``{score key: ScoreRange}`` for the five condition scores and ``overall``.
    alignment_index
        :class:`ScoreRange` of the alignment index.
    gaps
        :class:`RankStability` of the top gaps (in the assessment's own order).
    recommendations
        :class:`RankStability` of the top recommended ties.
    software_version
        The version of ``collective_impact`` that computed the study (recorded when it was
        computed: a study pickled by another version says its own).
    libraries
        The versions of NumPy and SciPy that computed it (``(name, version)`` pairs; ``None``
        for a study pickled before they were recorded). Neither counts in ``==``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> study = ci.sensitivity(ci.load_example("workforce"), samples=21, seed=1)
    >>> study.samples, study.diverged, study.spread, len(study.perturbed)
    (21, 0, 0.2, 13)
    >>> index = study.alignment_index
    >>> round(index.baseline, 3), round(index.low, 3), round(index.high, 3)
    (0.633, 0.616, 0.698)
    >>> study.gaps.items[0], study.gaps.stay[0]
    ('short-funding()', 1.0)
    """

    #: Percentiles of :attr:`ScoreRange.low` and :attr:`ScoreRange.high`.
    levels: ClassVar[tuple[float, float]] = _LEVELS
    #: Fewest samples (in which a statistic is defined) from which the 5%-95% intervals, the
    #: ``stay`` shares and the mean Kendall tau are reported; below it they are ``None``.
    min_samples: ClassVar[int] = _MIN_SAMPLES

    samples: int
    diverged: int = 0
    spread: float
    seed: int
    top: int
    as_of: dt.date | None
    config: ScoringConfig = attrs.field(repr=False)
    perturbed: tuple[str, ...]
    clipped: tuple[str, ...]
    fixed: FrozenMap[str, str]
    scores: FrozenMap[str, ScoreRange]
    alignment_index: ScoreRange
    gaps: RankStability
    recommendations: RankStability
    fields: tuple[str, ...] | None = None
    # what computed the study, not the study: equal studies are equal whatever computed them
    software_version: str = attrs.field(default=__version__, repr=False, eq=False)
    libraries: tuple[tuple[str, str], ...] | None = attrs.field(
        factory=numerical_versions, repr=False, eq=False
    )

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled study; one pickled before ``fields`` was recorded perturbed all.

        One pickled before 0.1.0.dev12 recorded no version: its :meth:`to_dict` says so rather
        than name the version reading it.
        """
        earlier = {
            "fields": None,
            "software_version": "unknown (before 0.1.0.dev12)",
            "libraries": None,
        }
        for name, value in {**earlier, **state}.items():
            object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-safe plain data (plain ``float``/``int``, ``None``).

        Returns
        -------
        dict of str to object
            Every attribute by name (``as_of`` as an ISO date string, tuples as lists, each
            :class:`ScoreRange` and :class:`RankStability` through its own ``to_dict``), plus
            ``levels``, the percentiles of the intervals, ``percentile_method``, how they are
            read (``numpy.percentile``'s ``method``), ``min_samples``, the fewest samples from
            which intervals, shares and mean tau are given (else ``None``), and ``software``
            (``{"name": "collective_impact", "version": ..., "libraries": {"numpy": ...,
            "scipy": ...}}``, the versions that computed it, :attr:`software_version` and
            :attr:`libraries`), so that a saved result says what produced it.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.sensitivity(ci.load_example("workforce"), samples=4, seed=1, top=3)
        >>> data = result.to_dict()
        >>> data["samples"], data["seed"], data["levels"], data["min_samples"], data["as_of"]
        (4, 1, [5.0, 95.0], 21, '2010-12-31')
        >>> data["diverged"]  # every sample's pathways converge
        0
        >>> data["percentile_method"], data["software"]["name"]
        ('weibull', 'collective_impact')
        >>> sorted(data["scores"]["overall"])
        ['baseline', 'defined', 'high', 'low', 'max', 'min']
        >>> data["scores"]["overall"]["low"], data["gaps"]["items"][0]["stay"]  # 4 < 21 samples
        (None, None)
        """
        return {
            "samples": self.samples,
            "diverged": self.diverged,
            "spread": self.spread,
            "seed": self.seed,
            "top": self.top,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "config": self.config.to_dict(),
            "levels": list(self.levels),
            "percentile_method": _METHOD,
            "min_samples": self.min_samples,
            "perturbed": list(self.perturbed),
            "fields": None if self.fields is None else list(self.fields),
            "clipped": list(self.clipped),
            "fixed": dict(self.fixed),
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
            "alignment_index": self.alignment_index.to_dict(),
            "gaps": self.gaps.to_dict(),
            "recommendations": self.recommendations.to_dict(),
            "software": software(self.software_version, self.libraries),
        }

    def summary(self, *, markdown: bool = False, settings: bool = True) -> str:
        """Return a few readable lines: score intervals and the stability of the top rankings.

        Parameters
        ----------
        markdown
            Markdown instead of plain text: a section (``##``) with a table of the scores and
            a table per ranking, each item as code.
        settings
            Say the settings the study is centred on when they are not the defaults. ``False``
            within a text that says them already (the summary of the assessment the study is
            attached to, with the same settings).

        Returns
        -------
        str
            A heading, one line per score (baseline and 5%–95% interval, ``undefined``, or
            ``insufficient data`` with the number of samples and the 21 needed) and, for the top
            gaps and the top recommended ties, the mean and smallest Kendall tau and the share
            of samples in which each item stays in the top (with fewer than 21 samples,
            ``insufficient data`` in place of the mean and the shares); each item's label whole,
            in plain text wrapped within 100 characters under its share. Whenever a score or a
            tau is defined in fewer samples than were drawn, the line says so ("defined in 148
            of 200 samples"), and a ranking says in how many samples it had no list at all
            (each counted as tau -1). When the pathways of some samples diverged
            (:attr:`diverged`), a line under the heading says in how many; their scores are
            undefined, and the shares and the mean tau count only the others (insufficient data
            when fewer than 21 converge). A study centred on settings other than the defaults
            (:attr:`config`) says which under the heading, as the assessment's summary does.

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("workforce")
        >>> print(ci.sensitivity(init, samples=21, seed=1, top=3).summary())
        Sensitivity to weights and thresholds (21 samples, 13 fields each within ±20%, seed 1):
          score                             baseline  5%-95% interval
          common agenda                        0.970  [0.970, 0.970]
        ...
          top 3 recommended ties (Kendall tau mean ..., min ...); share of samples in the top 3:
        ...
        >>> print(ci.sensitivity(init, samples=4, seed=1, top=3).summary())
        Sensitivity to weights and thresholds (4 samples, 13 fields each within ±20%, seed 1):
          score                             baseline  5%-95% interval
          common agenda                        0.970  insufficient data (4 samples, need 21)
        ...
          top 3 recommended ties (Kendall tau min ...); mean tau and share of samples in the top 3:
            insufficient data (4 samples, need 21) for each of:
        ...
        >>> print(ci.sensitivity(init, samples=21, seed=1, top=3).summary(markdown=True))
        ## Sensitivity to weights and thresholds
        <BLANKLINE>
        21 samples, 13 fields each within ±20%, seed 1.
        <BLANKLINE>
        | score | baseline | 5%-95% interval |
        |---|--:|---|
        | common agenda | 0.970 | [0.970, 0.970] |
        ...

        A study in which some samples' pathways diverge says so under the heading (here 7 of
        the 21, so that the shares and the mean tau are insufficient data):

        >>> three = [i.id for i in init.indicators[:3]]
        >>> cyclic = init.evolve(indicators=[
        ...     attrs.evolve(i, drives={j: 1.0 for j in three if j != i.id}) if i.id in three
        ...     else i for i in init.indicators])
        >>> study = ci.sensitivity(cyclic, config=ci.ScoringConfig(pathway_weight=0.45),
        ...                        samples=21, top=3)
        >>> print(study.summary())
        Sensitivity to weights and thresholds (21 samples, 13 fields each within ±20%, seed 0):
          Scored with settings other than the defaults: pathway_weight 0.45 (default 0.5).
          pathways diverged in 7 of 21 samples (pathway_weight drawn too large): their scores
          and rankings are undefined
          score                             baseline  5%-95% interval
          common agenda                        0.970  insufficient data
            (defined in 14 of 21 samples, need 21)
        ...
        >>> study.diverged, study.scores["overall"].defined, study.gaps.defined
        (7, 14, 14)

        A study around other settings names them, as their baselines are not the default scores:

        >>> print(ci.sensitivity(init, config=ci.ScoringConfig(weak_tie=0.9), samples=2).summary())
        Sensitivity to weights and thresholds (2 samples, 13 fields each within ±20%, seed 0):
          Scored with settings other than the defaults: weak_tie 0.9 (default 0.3).
          score                             baseline  5%-95% interval
        ...
        """
        parts = self._parts(settings=settings)
        if markdown:
            lines = [f"## {parts.heading}", "", f"{parts.setup}.", ""]
            if parts.centred:
                lines += [parts.centred, ""]
            if parts.diverged:
                lines += [f"{parts.diverged[0].upper()}{parts.diverged[1:]}.", ""]
            lines += ["| score | baseline | 5%-95% interval |", "|---|--:|---|"]
            lines += [f"| {key} | {base} | {interval} |" for key, base, interval in parts.scores]
        else:
            lines = [f"{parts.heading} ({parts.setup}):"]
            if parts.centred:
                lines += textwrap.wrap(
                    parts.centred, 90, initial_indent="  ", subsequent_indent="    "
                )
            if parts.diverged:
                lines.append(f"  {parts.diverged}")
            lines.append(f"  {'score':<33} {'baseline':>8}  5%-95% interval")
            lines += [f"  {key:<33} {base:>8}  {interval}" for key, base, interval in parts.scores]
        for ranking in parts.rankings:
            lines += _ranking_lines(ranking, markdown=markdown)
        return "\n".join(lines)

    def _parts(self, *, settings: bool = True) -> _SummaryParts:
        """Return what :meth:`summary` says, in pieces: the text and the notebook view read it.

        ``settings``: as for :meth:`summary`.
        """
        # the fields asked for are named: "1 field (weak_tie) within ±20%"
        count = len(self.perturbed)
        varied = (
            f"{count} fields each"
            if self.fields is None
            else f"{plural(count, 'field')} ({', '.join(self.perturbed)})"
            + (" each" if count > 1 else "")
        )
        setup = (
            f"{_samples(self.samples)}, {varied} within "
            # the spread as given (``.0%`` wrote ±0% for 0.004 and ±12% for 0.125)
            f"±{amount(self.spread * 100, 6)}%, seed {self.seed}"
        )
        ranges = [*self.scores.items(), ("alignment_index", self.alignment_index)]
        diverged = (
            f"pathways diverged in {self.diverged} of {_samples(self.samples)} (pathway_weight "
            "drawn too large): their scores and rankings are undefined"
            if self.diverged
            else ""
        )
        return _SummaryParts(
            heading="Sensitivity to weights and thresholds",
            setup=setup,
            # the study is centred on its config: say so when it is not the defaults, as the
            # assessment's summary does (its baselines are not the default scores)
            centred=config_text(self.config) if settings else "",
            diverged=diverged,
            scores=tuple(
                (key.replace("_", " "), _fmt(r.baseline, _places(r)), _interval(r, self.samples))
                for key, r in ranges
            ),
            rankings=(
                self._ranking("gaps", self.gaps),
                self._ranking("recommended ties", self.recommendations),
            ),
        )

    def _ranking(self, name: str, rank: RankStability) -> _Ranking:
        """Return what :meth:`summary` says of one ranking (``name``: what it ranks)."""
        if not rank.items:
            # tau is defined (and -1) exactly in the samples that list something
            some = (
                f" ({name} in {rank.defined} of {_samples(self.samples)})" if rank.defined else ""
            )
            return _Ranking(name, f"top {rank.k} {name}: none{some}", None, ())
        few = any(share is None for share in rank.stay)  # fewer than min_samples converge
        converged = self.samples - self.diverged  # the samples the shares are over
        what = "share"
        # in how many samples tau is defined, when not in all
        counted = f", {_counted(rank.defined, self.samples)}" if rank.defined < self.samples else ""
        if rank.tau_min is None:
            tau = "undefined"
        elif rank.tau_mean is not None:
            tau = f"mean {_tau(rank.tau_mean)}, min {_tau(rank.tau_min)}{counted}"
        elif few:  # the mean is insufficient data for the same reason as the shares
            tau, what = f"min {_tau(rank.tau_min)}{counted}", "mean tau and share"
        else:  # the count is in the "insufficient data" of the mean
            tau = f"min {_tau(rank.tau_min)}, mean: {_too_few(rank.defined, self.samples)}"
        if rank.empty:
            tau += f"; no list in {rank.empty} of {_samples(self.samples)}, each counted as -1"
        head = f"top {rank.k} {name} (Kendall tau {tau}); {what} of samples in the top {rank.k}:"
        return _Ranking(
            name,
            head,
            _too_few(converged, self.samples) if few else None,
            tuple(
                ("" if few else _share(share), item)
                for item, share in zip(rank.items, rank.stay, strict=True)
            ),
        )


class _Ranking(NamedTuple):
    """What :meth:`Sensitivity.summary` says of one ranking (:meth:`Sensitivity._ranking`).

    ``head`` is its line (``"top 5 gaps (Kendall tau mean 0.85, min 0.35); share of samples
    in the top 5:"``, or ``"top 5 gaps: none"`` without ``rows``); ``few``, the
    ``"insufficient data (...)"`` said for each item in place of its share, or ``None``;
    ``rows``, each item's share (``""`` with ``few``) and label.
    """

    name: str
    head: str
    few: str | None
    rows: tuple[tuple[str, str], ...]


class _SummaryParts(NamedTuple):
    """What :meth:`Sensitivity.summary` says, in pieces (:meth:`Sensitivity._parts`).

    ``scores`` holds each score's name, baseline and 5%-95% interval as written.
    """

    heading: str
    setup: str
    centred: str
    diverged: str
    scores: tuple[tuple[str, str, str], ...]
    rankings: tuple[_Ranking, ...]


def _ranking_lines(ranking: _Ranking, *, markdown: bool) -> list[str]:
    """Return the lines of :meth:`Sensitivity.summary` on one ranking."""
    head, few, rows = ranking.head, ranking.few, ranking.rows
    if not rows:
        return ["", f"{head[0].upper()}{head[1:]}."] if markdown else [f"  {head}"]
    if not markdown:
        lines = [f"  {head}"]
        if few is not None:
            lines.append(f"    {few} for each of:")
            return lines + [line for _, item in rows for line in _wrap(item, " " * 6, " " * 8)]
        return lines + [
            line for share, item in rows for line in _wrap(item, f"    {share:>4}  ", " " * 10)
        ]
    lines = ["", head[0].upper() + head[1:]]
    if few is not None:
        lines[-1] += f" {few} for each of:"
        return [*lines, "", *(f"- {_code(item)}" for _, item in rows)]
    lines += ["", f"| share | {ranking.name.removesuffix('s')} |", "|--:|---|"]
    return lines + [f"| {share} | {_code(item)} |" for share, item in rows]


def _fmt(value: float | None, decimals: int = INDEX_DECIMALS) -> str:
    """Write a score as every view does: 0.9998 is not "1.000" (:func:`score_text`).

    ``decimals``: at least these, the decimals of the score's interval (:func:`_places`).
    """
    return "undef." if value is None else score_text(value, decimals)


def _places(r: ScoreRange) -> int:
    """Return the decimals of a score's interval, which its baseline is written with too.

    The ends apart and neither read as 0 or 1 (:func:`pair_decimals`): a baseline of 0.79591
    beside ``[0.7958, 0.7959]`` was "0.796", outside the interval by rounding only. A baseline
    outside the interval is also written apart from the nearer end (:func:`decimals_apart`):
    0.6424 beside ``[0.6401, 0.6419]`` was "0.642 [0.640, 0.642]", as if it were the high end.
    ``INDEX_DECIMALS`` without an interval.

    Examples
    --------
    >>> r = ScoreRange(baseline=0.79591, low=0.79583, high=0.79594, min=0.7958, max=0.7960,
    ...                defined=21)
    >>> _places(r), _fmt(r.baseline, _places(r))
    (4, '0.7959')
    >>> _places(attrs.evolve(r, low=None, high=None, defined=3))
    3
    >>> out = ScoreRange(baseline=0.6424, low=0.6401, high=0.6419, min=0.6, max=0.7, defined=21)
    >>> _fmt(out.baseline, _places(out)), _interval(out, 21)
    ('0.6424', '[0.6401, 0.6419]')
    """
    if r.low is None or r.high is None:
        return INDEX_DECIMALS
    places = pair_decimals(r.low, r.high, INDEX_DECIMALS)  # not "[0.999, 0.999]", nor 1.000
    baseline = r.baseline
    if baseline is None or not math.isfinite(baseline) or r.low <= baseline <= r.high:
        return places  # within the interval, rounding keeps it within the ends as written
    nearer = r.low if baseline < r.low else r.high
    # outside it, not written as its nearer end ("0.642 [0.640, 0.642]")
    return max(places, decimals_apart(baseline, nearer, decimals=places, tolerance=0.0))


def _share(share: float | None) -> str:
    """Write the share of samples keeping an item: 199 of 200 is "99.5%", not "100%"."""
    return "–" if share is None else percent_apart(share, 0.0, 1.0)


def _tau(tau: float) -> str:
    """Write a Kendall tau apart from -1, 0 and 1 (0.996 is not "1.00", full agreement)."""
    return fixed(tau, decimals_apart(tau, -1.0, 0.0, 1.0, decimals=2))


def _samples(n: int) -> str:
    return "1 sample" if n == 1 else f"{n} samples"


def _counted(defined: int, samples: int) -> str:
    """``3 samples``, or ``defined in 2 of 3 samples`` when a statistic is undefined in some."""
    return (
        _samples(defined) if defined == samples else f"defined in {defined} of {_samples(samples)}"
    )


def _too_few(defined: int, samples: int) -> str:
    """``insufficient data (...)``: in how many samples a statistic was defined, and the need."""
    return f"insufficient data ({_counted(defined, samples)}, need {_MIN_SAMPLES})"


def _interval(r: ScoreRange, samples: int) -> str:
    """Return the interval of a score, and in how many samples it is defined if not in all."""
    if r.defined == 0:
        return "undefined"
    if r.low is None or r.high is None:
        return _too_few(r.defined, samples)
    places = _places(r)
    interval = f"[{fixed(r.low, places)}, {fixed(r.high, places)}]"
    return interval if r.defined == samples else f"{interval}  ({_counted(r.defined, samples)})"


def _code(text: str) -> str:
    r"""Write ``text`` as Markdown code, safe in a table cell (one line, ``|`` escaped).

    Ids may hold backticks, so the code is fenced with one more than the longest run of them.

    Examples
    --------
    >>> print(_code("a|b"), _code("x`y"))
    `a\|b` ``x`y``
    """
    text = " ".join(text.splitlines())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def _wrap(text: str, first: str, rest: str, width: int = 100) -> list[str]:
    """Write a label whole within ``width`` characters, its further lines indented by ``rest``.

    Labels were cut at 80 characters, so two gaps or ties whose ids differ only further on
    read the same beside different shares.

    Examples
    --------
    >>> for line in _wrap("tie(state-department-of-labor--state-department-of-health)",
    ...                   "  90%  ", "       ", width=40):
    ...     print(line)
      90%  tie(state-department-of-labor--
           state-department-of-health)
    """
    lines = textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)
    return lines or [first.rstrip()]


# --------------------------------------------------------------------------- sampling


@attrs.frozen
class _Bounds:
    """The valid range of one config field, as ScoringConfig enforces it."""

    name: str
    lower: float
    upper: float


def _bounds(spec: Number) -> tuple[float, float]:
    """Return the closed bounds of a :class:`Number` spec (exclusive: nearest float inside)."""
    lower, upper = -math.inf, math.inf
    if spec.minimum is not None:
        lower = float(spec.minimum)
    if spec.exclusive_minimum is not None:
        lower = max(lower, math.nextafter(float(spec.exclusive_minimum), math.inf))
    if spec.maximum is not None:
        upper = float(spec.maximum)
    if spec.exclusive_maximum is not None:
        upper = min(upper, math.nextafter(float(spec.exclusive_maximum), -math.inf))
    return lower, upper


def _fixed_reason(name: str, value: float) -> str | None:
    """Why the real-valued field ``name``, of value ``value``, is left alone; ``None``: perturb."""
    if name in FIXED_FIELDS:
        return FIXED_FIELDS[name]
    if name.endswith("_level"):
        return "a statistical level chosen by the analyst, not a weight of the model"
    if value == 0.0:  # 0.0 or -0.0: every factor u gives u * 0 = 0
        return _AT_ZERO
    return None


def _real_fields(config: ScoringConfig) -> Iterator[tuple[str, float, Number]]:
    """Yield the real-valued fields of ``config``: name, value and spec, in declaration order.

    A field is real-valued when its value is a ``float`` (not a ``bool`` or an ``int`` count)
    and its spec is a :class:`Number`; flags and counts are never perturbed nor listed as fixed.
    """
    for field in attrs.fields(type(config)):
        value = getattr(config, field.name)
        spec = field.metadata.get(SPEC)
        if isinstance(value, float) and isinstance(spec, Number):
            yield field.name, value, spec


def _perturbable(config: ScoringConfig, only: frozenset[str] | None = None) -> tuple[_Bounds, ...]:
    """Return the weights and thresholds of ``config`` to perturb, with their valid ranges.

    Decided by inspection, so a field added to :class:`ScoringConfig` is perturbed without
    changes here: every real-valued field (:func:`_real_fields`) unless :func:`_fixed_reason`
    gives a reason to leave it alone (a statistical level, the strength a recommendation
    proposes, a value of 0); with ``only``, those it names (checked by :func:`_check_fields`).
    """
    return tuple(
        _Bounds(name, *_bounds(spec))
        for name, value, spec in _real_fields(config)
        if _fixed_reason(name, value) is None and (only is None or name in only)
    )


#: Why a weight or threshold that ``fields`` does not name is left alone.
_NOT_ASKED = "not among the fields asked for: held at its value in every sample"


def _fixed(config: ScoringConfig, only: frozenset[str] | None = None) -> FrozenMap[str, str]:
    """Return the real-valued fields of ``config`` left alone, with the reason."""
    reasons = (
        (name, _fixed_reason(name, value) or (None if only is None or name in only else _NOT_ASKED))
        for name, value, _ in _real_fields(config)
    )
    return FrozenMap({name: reason for name, reason in reasons if reason is not None})


def _check_fields(
    config: ScoringConfig, fields: Any
) -> tuple[list[tuple[str, str]], tuple[str, ...] | None]:
    """Check the ``fields`` of :func:`sensitivity`: problems, and the names in declaration order.

    Each name must be a weight or threshold of ``config`` that can be perturbed: an unknown
    name is named with the closest field, and one left alone (a statistical level, a field at
    0) with the reason. Every problem is returned at once; the names are ``None`` for ``None``.
    """
    if fields is None:
        return [], None
    if isinstance(fields, str | bytes) or not isinstance(fields, Iterable):
        return [("fields", f"expected a list of field names, got {type(fields).__name__}")], None
    given = list(fields)
    if not given:
        return [("fields", "expected at least one field name (None perturbs every one)")], None
    values = {name: value for name, value, _ in _real_fields(config)}
    known = [f.name for f in attrs.fields(type(config))]
    problems: list[tuple[str, str]] = []
    for k, name in enumerate(given):
        where = f"fields[{k}]"
        if not isinstance(name, str):
            problems.append((where, f"expected a field name, got {type(name).__name__}"))
        elif name not in values:
            what = "not a weight or threshold" if name in known else "unknown field"
            hint = "" if name in known else did_you_mean(suggest(name, values), name)
            problems.append((where, f"{what} of ScoringConfig: {name!r}{hint}"))
        elif (reason := _fixed_reason(name, values[name])) is not None:
            problems.append((where, f"{name!r} cannot be perturbed: {reason}"))
    if problems:
        return problems, None
    asked = frozenset(given)
    return [], tuple(name for name in values if name in asked)


def _perturbed_configs(
    config: ScoringConfig,
    *,
    spread: float,
    samples: int,
    seed: int,
    only: frozenset[str] | None = None,
) -> Iterator[tuple[ScoringConfig, frozenset[str]]]:
    r"""Yield ``samples`` perturbed configurations, and the fields clipped in each.

    Field :math:`f` of sample :math:`s` is :math:`\operatorname{clip}(x_f u_{s,f}, l_f, h_f)`
    with :math:`u_{s,f} \sim U[1 - \delta, 1 + \delta]` independent (one draw per field per
    sample, drawn as one ``(samples, fields)`` array from ``default_rng(seed)``) and
    :math:`[l_f, h_f]` the range ``ScoringConfig`` enforces. A sample that draws
    ``critical_gap_share`` below ``gap_share_threshold``, which ``ScoringConfig`` refuses (every
    flagged gap would be critical), takes the critical share equal to the other, and counts it
    as clipped (``_ORDERED``); when the critical share is held (not among ``only``), the
    other stops at it instead. With ``only``, the fields it names (:func:`_perturbable`).
    """
    fields = _perturbable(config, only)
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(samples, len(fields)))
    base = np.array([getattr(config, f.name) for f in fields], dtype=np.float64)
    lower = np.array([f.lower for f in fields], dtype=np.float64)
    upper = np.array([f.upper for f in fields], dtype=np.float64)
    for row in factors:
        raw = base * row
        values = np.clip(raw, lower, upper)
        clipped = frozenset(f.name for f, c in zip(fields, values != raw, strict=True) if c)
        changes = {f.name: float(v) for f, v in zip(fields, values, strict=True)}
        for low, high in _ORDERED:
            floor = changes.get(low, getattr(config, low))
            ceiling = changes.get(high, getattr(config, high))
            if ceiling >= floor:
                continue
            if high in changes:  # the upper one moves up to the lower one
                changes[high] = floor
                clipped |= {high}
            else:  # the upper one is held (``fields``): the lower one stops at it
                changes[low] = ceiling
                clipped |= {low}
        yield attrs.evolve(config, **changes), clipped


# --------------------------------------------------------------------------- rankings


def _gap_id(gap: Gap) -> Hashable:
    """Return the identity of a gap across assessments: its ``key`` when it has one."""
    key = getattr(gap, "key", None)
    return key if key is not None else (gap.code, gap.subjects)


def _gap_label(gap: Gap) -> str:
    key = getattr(gap, "key", None)
    if isinstance(key, str):
        return key
    return f"{gap.code}[{','.join(gap.subjects)}]"


def _rec_id(rec: TieRecommendation) -> Hashable:
    return (rec.source, rec.target)


def _rec_label(rec: TieRecommendation) -> str:
    return f"{rec.source}--{rec.target}"


def _top_k_tau(baseline: Sequence[Hashable], other: Sequence[Hashable]) -> float | None:
    r"""Kendall's :math:`\tau_b` between two top-k lists, over their union, missing items last.

    Each list ranks its own items :math:`0, 1, \ldots, m-1`; an item of the union missing from a
    list gets rank :math:`m` there (tied last). Identical lists give 1 (also with one item, where
    :math:`\tau_b` itself is undefined). When one list is empty and the other is not, every rank
    of the empty one ties and :math:`\tau_b` is undefined: it counts as -1, total disagreement
    (no item of the one list is in the other), the least value :math:`\tau_b` takes, so that
    a list missing in some samples never looks more stable than it is. ``None`` when both are
    empty (nothing to compare). Two lists that are not empty and differ always have two
    distinct ranks each, so :math:`\tau_b` is defined for them.
    """
    if not baseline or not other:
        return None if not baseline and not other else -1.0
    if list(baseline) == list(other):
        return 1.0
    union = list(dict.fromkeys([*baseline, *other]))
    where_b = {item: i for i, item in enumerate(baseline)}
    where_o = {item: i for i, item in enumerate(other)}
    x = [where_b.get(item, len(baseline)) for item in union]
    y = [where_o.get(item, len(other)) for item in union]
    return float(stats.kendalltau(x, y, variant="b").statistic)


def _stability(
    k: int,
    labels: Sequence[str],
    baseline: Sequence[Hashable],
    sampled: Sequence[Sequence[Hashable]],
) -> RankStability:
    r"""Rank stability of ``baseline`` over ``sampled``; shares and mean only from 21 samples.

    ``sampled`` holds the lists of the samples whose pathways converge (a sample that diverges
    has none), so the shares are over them and the 21 are 21 of them. A sample with an empty
    list counts as :math:`\tau_b = -1` when the baseline's is not empty
    (see :func:`_top_k_tau`), and is counted in ``empty``.
    """
    n = len(sampled)
    sets = [set(s) for s in sampled]
    stay: tuple[float | None, ...] = tuple(
        float(sum(item in s for s in sets) / n) if n >= _MIN_SAMPLES else None for item in baseline
    )
    taus = [t for t in (_top_k_tau(baseline, s) for s in sampled) if t is not None]
    return RankStability(
        k=k,
        items=tuple(labels),
        stay=stay,
        tau_mean=float(np.mean(taus)) if len(taus) >= _MIN_SAMPLES else None,
        tau_min=float(min(taus)) if taus else None,
        defined=len(taus),
        empty=sum(not s for s in sampled) if baseline else 0,
    )


def _score_range(baseline: float | None, values: Sequence[float | None]) -> ScoreRange:
    """Range of one score over the samples; the 5%-95% interval only from 21 defined values."""
    defined = np.array([v for v in values if v is not None and not math.isnan(v)], dtype=np.float64)
    if baseline is not None and math.isnan(baseline):
        baseline = None
    if defined.size == 0:
        return ScoreRange(baseline=baseline, low=None, high=None, min=None, max=None, defined=0)
    low: float | None = None
    high: float | None = None
    if defined.size >= _MIN_SAMPLES:
        low, high = (float(x) for x in np.percentile(defined, _LEVELS, method=_METHOD))
    return ScoreRange(
        baseline=None if baseline is None else float(baseline),
        low=low,
        high=high,
        min=float(defined.min()),
        max=float(defined.max()),
        defined=int(defined.size),
    )


# --------------------------------------------------------------------------- the analysis


#: The range of ``spread``, checked as a number field of the model is.
_SPREAD: Final = Number(minimum=0.0, exclusive_maximum=1.0)


def _check(
    spread: Any, samples: Any, seed: Any, top: Any, extra: Sequence[tuple[str, str]] = ()
) -> None:
    problems: list[tuple[str, str]] = []

    def count(name: str, value: Any, minimum: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            problems.append((name, f"expected an integer, got {type(value).__name__}"))
        elif value < minimum:
            problems.append((name, f"expected an integer >= {minimum}, got {value}"))

    # any real number but a boolean, as a ScoringConfig field (np.int64(0), Fraction(1, 5)
    # were refused as out of range); a value of another type is named by its type
    problems += [("spread", problem.message) for problem in _SPREAD.check(spread)]
    count("samples", samples, 1)
    count("seed", seed, 0)
    count("top", top, 1)
    problems += extra
    if problems:
        raise ValidationError(problems)


def sensitivity(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    spread: float = 0.2,
    samples: int = 200,
    seed: int = 0,
    top: int = 5,
    as_of: dt.date | None = None,
    fields: Iterable[str] | None = None,
) -> Sensitivity:
    r"""Perturb every weight and threshold at once and report how the assessment moves.

    Each of ``samples`` configurations multiplies every weight and threshold of ``config`` by
    its own random factor, uniform in :math:`[1 - \delta, 1 + \delta]` (:math:`\delta` =
    ``spread``); the initiative is re-assessed under each (:func:`~collective_impact.assess`),
    and the result reports the range of every score and how stable the top-``top`` gaps and
    recommended ties are.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` one (from
        :func:`~collective_impact.prepare`): the samples are then drawn around its ``config``
        and judged at its ``as_of``, and the study is the one of its initiative with that
        ``config`` and ``as_of``.
    config
        The baseline weights and thresholds (the defaults of
        :class:`~collective_impact.ScoringConfig`; of a prepared ``initiative``, its own).
    spread
        Relative half-width :math:`\delta \in [0, 1)` of the perturbation: 0.2 lets every
        field move by up to 20% of its value either way. 0 reproduces the baseline in every
        sample. Any real number (NumPy's, a :class:`fractions.Fraction`) but a boolean, as for
        a field of :class:`~collective_impact.ScoringConfig`; it is recorded as a ``float``.
    samples
        Number of perturbed configurations (each costs one assessment). Any number from 1 is
        run, but the 5%–95% intervals, the ``stay`` shares and the mean Kendall tau need at
        least 21 (:attr:`Sensitivity.min_samples`; see Notes) and are ``None`` below it.
    seed
        Seed of ``numpy.random.default_rng``: the same seed gives the same result.
    top
        Length of the rankings of gaps and recommendations compared.
    as_of
        Date of judgement of the baseline assessment (by default the one
        :func:`~collective_impact.assess` chooses, or a prepared ``initiative``'s own); every
        sample is judged at the baseline's date.
    fields
        The weights and thresholds to perturb (names of fields of
        :class:`~collective_impact.ScoringConfig`, in any order); the others are held at their
        values, and listed in :attr:`Sensitivity.fixed`. ``None`` (the default) perturbs every
        one. One field at a time tells which weight moves a score or reorders a ranking,
        which the study of all of them together cannot (see Notes).

    Returns
    -------
    Sensitivity

    Raises
    ------
    ValidationError
        When ``spread``, ``samples``, ``seed`` or ``top`` is out of range, or ``fields`` names
        a field that is unknown, not a weight or threshold, or left alone (a statistical
        level, a field at 0): every problem at once.
    ArgumentValueError
        When ``initiative`` is prepared and ``config`` or ``as_of`` is given and differs from
        its own, as :func:`~collective_impact.assess` refuses it.
    PathwayError
        When indicator pathways do not converge under ``config`` itself, as
        :func:`~collective_impact.assess` would. A perturbed sample whose pathways diverge
        raises nothing: it is counted in :attr:`Sensitivity.diverged` (see Notes).

    Notes
    -----
    **What is perturbed.** Every real-valued field of :class:`~collective_impact.ScoringConfig`
    that is a weight or a threshold (listed in :attr:`Sensitivity.perturbed`), each by an
    independent factor (one draw per field per sample):

    .. math::

        x_f^{(s)} = \operatorname{clip}\bigl(x_f\,u_{s,f},\ l_f,\ h_f\bigr), \qquad
        u_{s,f} \sim U[1 - \delta,\ 1 + \delta]

    Fields that are not weights or thresholds are left alone (:attr:`Sensitivity.fixed`, with
    the reason): the levels of statistical procedures (``prediction_level``,
    ``disparity_level``: a coverage or significance level is the analyst's choice of error rate,
    not a judgement about collective impact) and ``recommended_tie_strength`` (the strength of
    the tie a recommendation proposes: the question, not the answer). Fields that are not real
    numbers (flags, counts) are never perturbed. A field at 0 (``widening_threshold`` by
    default) is left alone too, and listed in :attr:`Sensitivity.fixed`: the perturbation is
    relative, so it would stay at 0 in every sample, and counting it among the perturbed fields
    would overstate what was varied.

    **Clipping.** :math:`[l_f, h_f]` is the range ``ScoringConfig`` enforces; every such bound is
    hard (a share, a coordination or a tie strength above 1 means nothing, and
    :math:`\lambda < 1` is needed for pathways to converge), so a draw outside it is clipped to
    it (an exclusive bound to the nearest float inside). Since :math:`\delta < 1`, a positive
    value never reaches a lower bound of 0; only upper bounds clip. With the defaults only
    ``unspecified_overlap`` (1.0) clips: about half its draws sit at exactly 1, the rest are
    uniform on :math:`[1 - \delta, 1)`. ``ScoringConfig`` also requires
    ``critical_gap_share`` not below ``gap_share_threshold``: a sample that draws it below takes
    it equal (never with the defaults, 0.10 and 0.02, at a spread up to 2/3: their draws
    cross when :math:`0.10 (1 - \delta) < 0.02 (1 + \delta)`). The fields
    clipped at least once are listed in :attr:`Sensitivity.clipped`.

    **Samples whose pathways diverge.** The total contribution along indicator pathways,
    :math:`C (I - \lambda W)^{-1}`, exists only while the spectral radius
    :math:`\lambda\,\rho(W)` is below 1 (:class:`~collective_impact.PathwayError`). With
    cyclic ``drives`` a sample whose ``pathway_weight`` is drawn larger than the baseline's can
    cross that bound: :math:`\lambda\,u \ge 1/\rho(W)`. Its scores are then undefined, as they
    would be for :func:`~collective_impact.assess`, and the study goes on: the sample contributes
    no value to any :class:`ScoreRange` (so ``defined`` leaves it out, as it leaves out any
    undefined score) and no ranking to either :class:`RankStability` (its ``defined``, ``empty``,
    ``stay`` shares and Kendall :math:`\tau_b` are over the samples that converge, and the 21
    samples the shares and the mean need are 21 that converge). The number of such samples is
    :attr:`Sensitivity.diverged`, and the summary says it. For example, three indicators each
    driving the other two with weight 1 have :math:`\rho(W) = 2`; with :math:`\lambda = 0.45`
    a sample diverges when :math:`0.45\,u \ge 0.5`, that is :math:`u \ge 10/9`, with
    probability :math:`(1.2 - 10/9)/0.4 = 2/9` at :math:`\delta = 0.2`: about 44 of 200
    samples. The baseline itself still raises :class:`~collective_impact.PathwayError`, since
    a study of a configuration that cannot be assessed has no baseline to compare with.

    **Score ranges.** For each condition score, ``overall`` and the alignment index: the
    baseline, the minimum and maximum over the samples, and the 5%–95% percentile interval
    (``numpy.percentile``, ``method="weibull"``), over the samples where the score is defined.
    The interval need not contain the baseline: the perturbation is not centred on the
    baseline's value of a score, only on its configuration.

    **Rank stability.** The top ``k`` gaps are ``assessment.gaps[:k]`` (the assessment's own
    order), a gap being identified across assessments by its ``key`` (or its code and subjects);
    the top ``k`` recommended ties are ``assessment.recommendations[:k]``, a tie identified by
    its pair of partners. For each baseline item, the share of samples in which it stays in the
    top ``k``. Agreement of the orders is Kendall's :math:`\tau_b` (Kendall 1945) between the
    baseline top-``k`` list and each sample's, computed over the union of the two lists; each
    list ranks its own items :math:`0, \ldots, m-1` and an item missing from it gets rank
    :math:`m` (tied last; the "tied at the bottom" convention for top-k lists of Fagin et al.
    2003):

    .. math::

        \tau_b = \frac{n_c - n_d}{\sqrt{(n_0 - n_1)(n_0 - n_2)}}

    with :math:`n_c, n_d` the concordant and discordant pairs of items, :math:`n_0` all pairs,
    :math:`n_1, n_2` the pairs tied in the first and second ranking. Identical lists count 1,
    1 means the same order, -1 the reverse. When a sample has no list while the baseline has
    one (no gap or no recommended tie under that configuration), every rank of the empty list
    ties and :math:`\tau_b` itself is undefined; the sample counts as :math:`\tau_b = -1`,
    total disagreement, and is counted in :attr:`RankStability.empty`. Leaving it out instead
    would make a list that vanishes in a quarter of the samples look perfectly stable (mean and
    minimum 1); -1, the least value :math:`\tau_b` takes, never makes a list look more stable
    than it is. Only when both lists are empty is :math:`\tau_b` undefined and the sample left
    out (:attr:`RankStability.defined` counts the others). Under this convention two lists
    with no item in common score above -1 (:math:`[A, B]` against :math:`[C, D]`: -0.8), and
    when the ``k``-th and the next item tie exactly (equal gains), the assessment's order,
    which breaks the tie by id, decides which is in the top: their shares and :math:`\tau_b`
    then depend on the ids (the user guide, "Rank stability", says how to read them).

    **Too few samples.** With :math:`n` values sorted :math:`x_{(1)} \le \ldots \le x_{(n)}`,
    the interval's ends are the 5th and 95th percentiles by the Weibull plotting position
    (``numpy.percentile``, ``method="weibull"``): the :math:`p`-th percentile at the 1-based
    position :math:`(n + 1)p/100`, interpolating linearly between the two order statistics
    around it. The share of the distribution of configurations between two order statistics
    :math:`x_{(i)} \le x_{(j)}` is on average :math:`(j - i)/(n + 1)` (the uniform spacings of
    order statistics), so this interval holds on average 90% of the configurations' scores,
    the 90% it claims, for every :math:`n \ge 19`. numpy's default (linear, position
    :math:`1 + (n - 1)p/100`), used before, held on average :math:`0.9(n - 1)/(n + 1)`: 82% at
    21 samples, 89% at 200 (found by a reviewer). Below :math:`n = 19` the 5th percentile's
    position is below 1: numpy then returns the minimum, and the 95th the maximum, so the
    "interval" is the sample range, which holds on average :math:`(n - 1)/(n + 1)` (50% with 3
    samples), and with one sample it is a single point, of width 0, that need not contain the
    baseline. From :math:`n = 21` both ends lie strictly inside the sample range (positions
    1.1 and 20.9). Fewer samples seldom reach into the 5% tails at all: the smallest of
    :math:`n` samples falls below the true 5% quantile with probability :math:`1 - 0.95^n`,
    0.05 for :math:`n = 1`, 0.14 for :math:`n = 3`, 0.66 for :math:`n = 21` and more than
    0.9999 for the default 200. So the interval (``low``, ``high`` and ``width``) is given only
    when the score is defined in at least **21** samples (:attr:`Sensitivity.min_samples`), and is
    ``None`` below it, printed as "insufficient data" with the count; ``min``, ``max`` and
    ``defined``, which claim only what was observed, are given from any count.

    The ``stay`` shares and the mean Kendall :math:`\tau_b` estimate, like the interval, a
    property of the distribution of configurations, and need the same 21 samples (the mean
    :math:`\tau_b`, 21 samples in which it is defined). With :math:`n` samples a share moves
    in steps of :math:`1/n`, and an item that stays in the top in only 80% of the
    configurations (fragile by the reading in the user guide) still shows as 100% with
    probability :math:`0.8^n`: 0.8 for :math:`n = 1`, 0.51 for :math:`n = 3`, 0.0092 for
    :math:`n = 21`. Below 21 samples every share and the mean :math:`\tau_b` are ``None``;
    ``tau_min``, an observed value, is kept.

    **Cost.** One :func:`~collective_impact.assess` per sample, sequentially; the canonical
    form of the initiative and the date of judgement, which do not depend on the configuration,
    are computed once. About 20–40 ms per sample on the bundled examples; at the stress case of
    DESIGN §7 (100,000 activities) about 10 s a sample and 2 GB more memory than one
    assessment (3 samples took 39 s, the assessment itself included, measured on 2026-12-05),
    so the default 200 samples would take about 35 minutes: use fewer samples there (21 is the
    fewest that gives the shares).

    References
    ----------
    .. [1] Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, ch. 1.
    .. [2] Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3),
       239–251.
    .. [3] Fagin, R., Kumar, R. and Sivakumar, D. (2003). Comparing top k lists. *SIAM Journal
       on Discrete Mathematics* 17(1), 134–160.

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> result = ci.sensitivity(init, samples=21, seed=1)
    >>> r = result.scores["overall"]
    >>> r.min <= r.low <= r.high <= r.max
    True
    >>> 0.0 <= result.gaps.stay[0] <= 1.0
    True
    >>> still = ci.sensitivity(init, samples=21, spread=0.0)
    >>> still.recommendations.tau_mean, still.scores["overall"].width
    (1.0, 0.0)

    With fewer than 21 samples the interval, the shares and the mean tau are insufficient
    data; what was observed is kept:

    >>> one = ci.sensitivity(init, samples=1)
    >>> r = one.scores["overall"]
    >>> r.low, r.high, r.width, r.defined, r.min == r.max
    (None, None, None, 1, True)
    >>> one.gaps.stay[0], one.gaps.tau_mean, one.gaps.tau_min
    (None, None, 1.0)
    """
    expect_config(config)  # before its fields are read
    cfg = config if config is not None else ScoringConfig()
    if isinstance(initiative, Prepared) and config is None:
        cfg = initiative.config
    field_problems, asked = _check_fields(cfg, fields)
    _check(spread, samples, seed, top, field_problems)
    only = None if asked is None else frozenset(asked)
    spread = float(spread) + 0.0  # a plain float; -0.0 is 0 (it read "±-0%")
    if isinstance(initiative, Prepared):
        # its config and as_of are the defaults; another one given is refused in assess's words
        # (each sample was assessed on it with another config, which it refused)
        prepared = prepare(initiative, config=config, as_of=as_of)
        cfg = prepared.config
        analysed = canonical(prepared.initiative)
        base = assess(prepared, recommendations=top)
    else:
        # config-independent work done once: the canonical form (assess makes it again, but
        # finds nothing to reorder) and the date of judgement, fixed for every sample
        analysed = canonical(initiative)
        base = assess(analysed, config=cfg, as_of=as_of, recommendations=top)
    when = base.as_of
    keys = tuple(SCORE_KEYS)
    values: dict[str, list[float | None]] = {k: [] for k in (*keys, "alignment_index")}
    # rankings of the samples whose pathways converge only: a diverged sample has none
    gap_lists: list[list[Hashable]] = []
    rec_lists: list[list[Hashable]] = []
    clipped: set[str] = set()
    diverged = 0
    draws = _perturbed_configs(
        cfg, spread=float(spread), samples=int(samples), seed=int(seed), only=only
    )
    for sample_config, clipped_here in draws:
        clipped |= clipped_here
        try:
            result = assess(analysed, config=sample_config, as_of=when, recommendations=top)
        except PathwayError:  # the sample's pathway_weight crossed the bound: scores undefined
            diverged += 1
            for column in values.values():
                column.append(None)
            continue
        for k in keys:
            values[k].append(_score(result, k))
        values["alignment_index"].append(result.alignment.index)
        gap_lists.append([_gap_id(g) for g in result.gaps[:top]])
        rec_lists.append([_rec_id(r) for r in result.recommendations[:top]])
    perturbed = tuple(f.name for f in _perturbable(cfg, only))
    return Sensitivity(
        samples=int(samples),
        diverged=diverged,
        spread=float(spread),
        seed=int(seed),
        top=int(top),
        as_of=when,
        config=cfg,
        perturbed=perturbed,
        clipped=tuple(name for name in perturbed if name in clipped),
        fixed=_fixed(cfg, only),
        fields=asked,
        scores=FrozenMap({k: _score_range(_score(base, k), values[k]) for k in keys}),
        alignment_index=_score_range(base.alignment.index, values["alignment_index"]),
        gaps=_stability(
            top,
            [_gap_label(g) for g in base.gaps[:top]],
            [_gap_id(g) for g in base.gaps[:top]],
            gap_lists,
        ),
        recommendations=_stability(
            top,
            [_rec_label(r) for r in base.recommendations[:top]],
            [_rec_id(r) for r in base.recommendations[:top]],
            rec_lists,
        ),
    )


def _score(assessment: Assessment, key: str) -> float | None:
    value = getattr(assessment.scores, key)
    return None if value is None else float(value)
