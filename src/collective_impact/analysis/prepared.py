r"""An initiative prepared for analysis: what every analysis needs, computed once, on demand.

The analyses of an initiative share a few expensive objects: its canonical form, its arrays, the
total contributions :math:`\tilde C`, the reinforcement scores of every pair of activities and the
measurement of every indicator. A :class:`Prepared` object computes each of them the first time
it is asked for and keeps it, so that :func:`~collective_impact.assess`, which runs every analysis,
computes nothing twice, and each analysis can also be called on its own:

>>> import collective_impact as ci
>>> prepared = ci.prepare(ci.load_example("workforce"))
>>> scores = ci.condition_scores(prepared)  # computes the arrays, C̃ and the reinforcement
>>> gaps = ci.detect_gaps(prepared)  # reuses them
>>> scores == ci.assess(ci.load_example("workforce")).scores
True

Every analysis function takes either an initiative, which it prepares, or a prepared object;
the options that shape the preparation (``config``, ``as_of``) belong to the prepared object.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import scipy.sparse as sp

from .._checks import expect_config
from ..config import ScoringConfig
from ..errors import ArgumentValueError
from ..model import Initiative
from ..model.initiative import expect_initiative
from ._arrays import ModelArrays, build_arrays, read_only_sparse
from .measurement import IndicatorMeasurement, as_date, measurement, resolve_as_of
from .reinforcement import Reinforcement, reinforcement_from_arrays, total_contributions
from .running import NotRunning, analysed_at

__all__ = ["Prepared", "prepare"]

T = TypeVar("T")


class Prepared:
    r"""An initiative with its analysis inputs, each computed on first access and then kept.

    Build one with :func:`prepare`. Every result is computed from :attr:`analysed`, the canonical
    form of the initiative (every list in an order that does not depend on the input), so the
    numbers are the same, to the last bit, whatever the order of the initiative's lists; its
    activities are those running on the date of judgement.

    Parameters
    ----------
    initiative
        The initiative.
    config
        Weights and thresholds (the defaults of :class:`~collective_impact.ScoringConfig`).
    as_of
        The date of judgement; by default the ``as_of`` the initiative states, else its latest
        observation (see :func:`~collective_impact.analysis.measurement.resolve_as_of`).
    progress
        Show a progress bar while the pairs of activities are scored.

    Attributes
    ----------
    initiative : Initiative
        The initiative as given.
    config : ScoringConfig
        The weights and thresholds.
    progress : bool
        Whether scoring the pairs shows a progress bar.

    Notes
    -----
    The lazily computed properties, in the order of the flow of data:

    * :attr:`as_of` and :attr:`as_of_source`: the date of judgement and where it came from;
    * :attr:`analysed`: the canonical form of :attr:`initiative`, without the activities that do
      not run on :attr:`as_of` (:attr:`not_running`);
    * :attr:`arrays`: the integer positions of every id and the sparse matrices built from them;
    * :attr:`total_contributions`: :math:`\tilde C = C (I - \lambda W)^{-1}`;
    * :attr:`reinforcement`: the pair scores and the alignment index;
    * :attr:`measurement`: one record per indicator, in the order of :attr:`analysed`.

    Errors surface on first access: :class:`~collective_impact.AsOfError` from :attr:`as_of`,
    :class:`~collective_impact.PathwayError` from :attr:`total_contributions`.

    Examples
    --------
    An activity of partner ``p`` on indicator ``i`` (+0.8), which drives ``j`` with weight 0.5;
    with the default pathway weight :math:`\lambda = 0.5` the total effect on ``j`` is
    :math:`0.8 \cdot 0.5 \cdot 0.5 = 0.2`:

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Chain",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
    ...     indicators=[ci.Indicator(id="i", name="I", drives={"j": 0.5}),
    ...                 ci.Indicator(id="j", name="J")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8})],
    ... )
    >>> prepared = ci.prepare(init)
    >>> prepared.total_contributions.toarray().tolist()
    [[0.8, 0.2]]
    >>> prepared.as_of, prepared.as_of_source
    (None, 'none')
    """

    __slots__ = ("_cache", "_requested_as_of", "config", "initiative", "progress")

    def __init__(
        self,
        initiative: Initiative,
        *,
        config: ScoringConfig | None = None,
        as_of: dt.date | None = None,
        progress: bool = False,
    ) -> None:
        # the annotations are promises a caller (a notebook) may not keep: say so here, not
        # as an AttributeError deep in the measurement
        # (a date of judgement is read, as a text or a date, where it is first used)
        given: tuple[object, object] = (initiative, config)
        expect_initiative(given[0])
        expect_config(given[1])
        self.initiative = initiative
        self.config = config if config is not None else ScoringConfig()
        self.progress = progress
        self._requested_as_of = as_of
        self._cache: dict[str, Any] = {}

    def __repr__(self) -> str:
        done = ", ".join(sorted(self._cache)) or "nothing"
        return f"<Prepared {self.initiative.name!r} (computed: {done})>"

    def cached(self, name: str, compute: Callable[[], T]) -> T:
        """Return the value kept under ``name``, computing it with ``compute()`` the first time.

        Analyses use it to share a result between functions that need it (the common agenda's
        sub-measures feed both :func:`~collective_impact.condition_scores` and
        :func:`~collective_impact.assess_phase`).

        Parameters
        ----------
        name
            The key of the value.
        compute
            Called without arguments when nothing is kept under ``name`` yet.

        Returns
        -------
        object
            The kept value (the same object on every call).

        Examples
        --------
        >>> import collective_impact as ci
        >>> prepared = ci.prepare(ci.load_example("workforce"))
        >>> prepared.cached("answer", lambda: 42), prepared.cached("answer", lambda: 0)
        (42, 42)
        """
        if name not in self._cache:
            self._cache[name] = compute()
        value: T = self._cache[name]
        return value

    @property
    def analysed(self) -> Initiative:
        """The initiative every result is computed from: canonical, as it runs on :attr:`as_of`.

        The canonical form of :attr:`initiative` (its lists in an order that does not depend on
        the input) without the activities that do not run on :attr:`as_of` (ended before it, or
        starting after it; see :mod:`~collective_impact.analysis.running`), which
        :attr:`not_running` lists.
        """
        return self._running()[0]

    @property
    def not_running(self) -> tuple[NotRunning, ...]:
        """The activities left out of :attr:`analysed`: ended, or not started, on :attr:`as_of`."""
        return self._running()[1]

    def _running(self) -> tuple[Initiative, tuple[NotRunning, ...]]:
        return self.cached("analysed", lambda: analysed_at(self.initiative, self.as_of))

    @property
    def as_of(self) -> dt.date | None:
        """The date of judgement (``None`` when none is given and nothing was observed)."""
        when: dt.date | None = self._resolved()[0]
        return when

    @property
    def as_of_source(self) -> str:
        """Where :attr:`as_of` came from: ``argument``, ``file``, ``latest observation`` or more.

        Also ``latest baseline`` (a baseline later than every observation) or ``none``.
        Computed with :attr:`as_of`.
        """
        source: str = self._resolved()[1]
        return source

    def _resolved(self) -> tuple[dt.date | None, str]:
        return self.cached("as_of", lambda: resolve_as_of(self.initiative, self._requested_as_of))

    @property
    def arrays(self) -> ModelArrays:
        """The integer positions of every id of :attr:`analysed` and its sparse matrices."""
        return self.cached("arrays", lambda: build_arrays(self.analysed))

    @property
    def total_contributions(self) -> sp.csr_array:
        r""":math:`\tilde C` (activities × indicators, the rows and columns of :attr:`arrays`)."""

        def computed() -> sp.csr_array:
            total = total_contributions(self.arrays, self.config.pathway_weight)
            read_only_sparse(total)  # handed out as stored, as the arrays are
            return total

        return self.cached("total_contributions", computed)

    @property
    def reinforcement(self) -> Reinforcement:
        """The pair scores and the alignment index, as :func:`~collective_impact.assess` reports."""
        return self.cached(
            "reinforcement",
            lambda: reinforcement_from_arrays(
                self.arrays,
                config=self.config,
                total=self.total_contributions,
                progress=self.progress,
                not_running=self.not_running,
            ),
        )

    @property
    def measurement(self) -> tuple[IndicatorMeasurement, ...]:
        """One measurement record per indicator of :attr:`analysed`, as of :attr:`as_of`."""
        return self.cached(
            "measurement",
            lambda: measurement(self.analysed, as_of=self.as_of, config=self.config),
        )


def prepare(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
    progress: bool = False,
) -> Prepared:
    """Prepare an initiative for analysis, or return an already prepared one.

    Nothing is computed here: each input of the analyses is computed the first time it is
    needed (see :class:`Prepared`).

    Parameters
    ----------
    initiative
        An initiative, or a :class:`Prepared` object (returned as it is).
    config
        Weights and thresholds (the defaults of :class:`~collective_impact.ScoringConfig`).
    as_of
        The date of judgement; by default the ``as_of`` the initiative states, else its latest
        observation.
    progress
        Show a progress bar while the pairs of activities are scored.

    Returns
    -------
    Prepared

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an initiative (nor a prepared one), or ``config`` not a
        :class:`~collective_impact.ScoringConfig`.
    ArgumentValueError
        When ``initiative`` is already prepared and ``config`` or ``as_of`` differ from its own:
        a prepared object's options are fixed.
    ValidationError
        When ``as_of`` is not a date (nor a text ``YYYY-MM-DD``).

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (the five conditions the analyses score).

    Examples
    --------
    >>> import collective_impact as ci
    >>> prepared = ci.prepare(ci.load_example("workforce"))
    >>> ci.prepare(prepared) is prepared
    True
    >>> prepared.as_of, prepared.as_of_source
    (datetime.date(2010, 12, 31), 'latest observation')
    >>> prepared.reinforcement.index == ci.assess(prepared.initiative).alignment.index
    True
    """
    if isinstance(initiative, Prepared):
        expect_config(config)
        as_of = as_date(as_of)  # a text "YYYY-MM-DD" is the date it names
        if config is not None and config != initiative.config:
            raise ArgumentValueError(
                "config differs from the prepared object's config", argument="config"
            )
        if as_of is not None and as_of != initiative.as_of:
            raise ArgumentValueError(
                f"as_of {as_of.isoformat()} differs from the prepared object's as_of "
                f"({initiative.as_of})"
            )
        return initiative
    return Prepared(initiative, config=config, as_of=as_of, progress=progress)
