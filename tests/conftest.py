"""Shared test configuration: Hypothesis profiles.

``default`` runs 10 examples per property test, so the whole default run (on every core, through
pytest-xdist's ``-n auto`` in ``pyproject.toml``) stays within four minutes on a 2-core machine;
``full`` (200 examples) is what ``.ci/run`` uses for a second pass over the property tests
(``pytest -m hypothesis``); ``thorough`` (1,000) is for a long local run. No profile has a
deadline: timing on a shared 2-core machine is noisy. A property test that needs more examples
than the profile's sets its own count through :func:`examples`.
"""

from __future__ import annotations

import html
import os
import re
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, max_examples=10, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "full", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", deadline=None, max_examples=1000, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.load_profile(PROFILE)

if TYPE_CHECKING:
    import collective_impact as ci

#: The heading of the summary's and the notebook view's list of what values leave out.
PARTIAL_HEADING = "Latest values and gaps between groups that leave reports out"


def examples(n: int) -> int:
    """Return the number of examples of a property test that asks for ``n``.

    ``n`` in the ``full`` and ``thorough`` profiles (the property pass of ``.ci/run``), and a
    quarter of ``n``, at least 10, in the default run, which must stay within four minutes.
    """
    return n if PROFILE != "default" else max(10, n // 4)


def partial_said(result: ci.Assessment) -> tuple[str, str]:
    """Return the words of the summary's list of what values leave out, and of the notebook view.

    The summary's from :data:`PARTIAL_HEADING` on (``max_gaps=None``); the view's whole, markup
    stripped; each with its white space collapsed, so that a line break reads as a space.
    """
    text = result.summary(max_gaps=None)
    section = " ".join(text[text.index(PARTIAL_HEADING) :].split())
    notebook = " ".join(html.unescape(re.sub("<[^>]+>", " ", result._repr_html_())).split())
    return section, notebook
