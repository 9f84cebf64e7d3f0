"""Bundled example initiatives.

The examples are **illustrative**: built around published figures where they say so, with the
rest of their structure invented to exercise every part of the model. They are not data about
real initiatives.
"""

from __future__ import annotations

from importlib import resources

from ..errors import UnknownIdError, close_matches
from ..io.native import loads
from ..model import Initiative

__all__ = ["example_text", "list_examples", "load_example"]

_PACKAGE = "collective_impact.datasets"


def list_examples() -> list[str]:
    """Return the names of the bundled example initiatives, sorted.

    Returns
    -------
    list of str
        The names :func:`load_example` accepts, in alphabetical order.

    Examples
    --------
    >>> list_examples()
    ['cradle-to-career', 'cradle-to-career-2027', 'workforce']
    """
    folder = resources.files(_PACKAGE).joinpath("data")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def example_text(name: str) -> str:
    """Return the YAML source of the bundled example ``name``.

    The file as it is bundled, its comments included (the sources of its figures, what is
    invented): a starting point for an initiative file of one's own.

    Parameters
    ----------
    name
        One of :func:`list_examples`.

    Returns
    -------
    str
        The example's native YAML text; :func:`~collective_impact.loads` reads it as
        :func:`load_example` does.

    Raises
    ------
    UnknownIdError
        When there is no such example (the message suggests close names).

    Examples
    --------
    >>> import collective_impact as ci
    >>> text = example_text("workforce")
    >>> print(text.splitlines()[0])
    # Bundled example: an ILLUSTRATIVE workforce initiative modelled on Opportunity Chicago.
    >>> ci.loads(text, "yaml") == load_example("workforce")
    True
    """
    names = list_examples()
    if name not in names:
        given: object = name  # a caller may give anything: difflib reads only a text
        text = given if isinstance(given, str) else repr(given)
        raise UnknownIdError("example", name, suggestions=close_matches(text, names, n=2))
    return resources.files(_PACKAGE).joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")


def load_example(name: str) -> Initiative:
    """Load a bundled example initiative.

    Parameters
    ----------
    name
        One of :func:`list_examples`: ``"cradle-to-career"`` (an illustrative cradle-to-career
        partnership with every feature of the model), ``"cradle-to-career-2027"`` (the same
        partnership a year later, a snapshot dated ``as_of`` 2027-06-30, to compare two versions
        of one initiative with :meth:`Assessment.diff <collective_impact.Assessment.diff>`) or
        ``"workforce"`` (modelled on the published figures of Opportunity Chicago).

    Returns
    -------
    Initiative

    Raises
    ------
    UnknownIdError
        When there is no such example.
        A name that is not a text is refused alike, naming its type.

    Examples
    --------
    >>> init = load_example("workforce")
    >>> init.indicator("placements").target.value
    5000.0
    >>> load_example("cradle-to-career-2027").as_of
    datetime.date(2027, 6, 30)
    """
    return loads(example_text(name), "yaml", source=f"<example {name}>")
