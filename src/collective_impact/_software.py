"""What computed a result: this library's version and those of the libraries its numbers rest on.

Every result a researcher saves (:meth:`Assessment.to_dict <collective_impact.Assessment.to_dict>`,
:meth:`NullTest.to_dict <collective_impact.NullTest.to_dict>`,
:meth:`Sensitivity.to_dict <collective_impact.Sensitivity.to_dict>`) says which code computed it
under ``software``. The numbers rest on NumPy and SciPy too: NumPy promises its random streams
within one version only (null tests and sensitivity studies draw from them), and eigenvector
centrality is computed by SciPy's linear algebra; so ``software`` records their versions beside
the library's, as they were when the result was computed.
"""

from __future__ import annotations

from typing import Any

#: The libraries whose versions are recorded with a result, in the order they are written.
NUMERICAL_LIBRARIES = ("numpy", "scipy")


def numerical_versions() -> tuple[tuple[str, str], ...]:
    """Return ``(name, version)`` of each of :data:`NUMERICAL_LIBRARIES`, as now imported.

    Examples
    --------
    >>> [name for name, _ in numerical_versions()]
    ['numpy', 'scipy']
    """
    import numpy
    import scipy

    return (("numpy", numpy.__version__), ("scipy", scipy.__version__))


def software(version: str, libraries: tuple[tuple[str, str], ...] | None) -> dict[str, Any]:
    """Return the ``software`` entry of a result's ``to_dict``.

    Parameters
    ----------
    version
        The version of ``collective_impact`` that computed the result.
    libraries
        What :func:`numerical_versions` returned when it was computed; ``None`` when it was not
        recorded (a result pickled by a version before they were), written as ``null``.

    Returns
    -------
    dict
        ``{"name": "collective_impact", "version": version, "libraries": {"numpy": ...,
        "scipy": ...}}``.

    Examples
    --------
    >>> software("0.1.0", (("numpy", "2.1.0"), ("scipy", "1.14.1")))["libraries"]
    {'numpy': '2.1.0', 'scipy': '1.14.1'}
    >>> software("0.1.0", None)
    {'name': 'collective_impact', 'version': '0.1.0', 'libraries': None}
    """
    return {
        "name": "collective_impact",
        "version": version,
        "libraries": None if libraries is None else dict(libraries),
    }
