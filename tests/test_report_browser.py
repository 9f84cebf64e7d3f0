"""The HTML report of each bundled example, opened in headless Chromium (Selenium).

Skipped when ``chromium`` or ``chromedriver`` is not on ``PATH`` (Debian packages ``chromium``
and ``chromium-driver``) or Selenium is not installed. The driver is the ``chromedriver`` found
on ``PATH``, and ``SE_OFFLINE`` is set, so Selenium Manager never downloads anything.

Besides each example, the report of ``cradle-to-career-2027`` with the changes since
``cradle-to-career`` (``report NEW --compare OLD``) is opened too, as ``cradle-to-career-changes``.

Set ``CI_REPORT_SCREENSHOTS`` to a folder (``docs/_static/gallery`` for the docs' Gallery page)
to save a screenshot of the first screen (1280 × 1400 pixels) of each report there as
``<name>.png``; without it nothing is written outside pytest's temporary folders.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import collective_impact as ci
from collective_impact.htmlreport import write_report

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if CHROMIUM is None or CHROMEDRIVER is None:
    if os.environ.get("CI"):  # .ci/run installs them: in CI a missing browser is a failure
        pytest.fail("chromium and chromedriver are not on PATH", pytrace=False)
    pytest.skip("chromium and chromedriver are not on PATH", allow_module_level=True)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

EXAMPLES = ci.list_examples()
#: The report of the 2027 snapshot with the changes since the 2026 one.
CHANGES = "cradle-to-career-changes"
WIDTH, HEIGHT = 1280, 900
#: The height of the saved screenshots (the first screen, to keep each file small).
SHOT_HEIGHT = 1400


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    # Chromium makes a folder for its singleton socket in TMPDIR at each start and leaves it
    # there: give it one of its own, removed when the browser has quit
    scratch = tempfile.mkdtemp(prefix="ci-chromium-")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")  # never let Selenium Manager fetch a browser or driver
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--hide-scrollbars",
            f"--window-size={WIDTH},{HEIGHT}",
        ):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        service = Service(executable_path=CHROMEDRIVER, env={**os.environ, "TMPDIR": scratch})
        drv = webdriver.Chrome(service=service, options=options)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="module", params=[*EXAMPLES, CHANGES])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The example's assessment and the path of its report."""
    path = tmp_path_factory.mktemp("report") / f"{request.param}.html"
    if request.param == CHANGES:
        old = ci.assess(ci.load_example("cradle-to-career"))
        assessment = ci.assess(ci.load_example("cradle-to-career-2027"))
        write_report(assessment, path, changes=old.diff(assessment))
    else:
        assessment = ci.assess(ci.load_example(request.param))
        write_report(assessment, path)
    return request.param, assessment, path


def _open(driver: Any, path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Load the page at the desktop size; return the console and DevTools network events."""
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    driver.set_window_size(WIDTH, HEIGHT)
    driver.get(path.as_uri())
    driver.execute_script("return document.readyState")
    console = driver.get_log("browser")
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    return console, events


def test_no_console_message(driver: Any, report: Any) -> None:
    _, _, path = report
    console, _ = _open(driver, path)
    assert console == []


def test_no_network_request(driver: Any, report: Any) -> None:
    _, _, path = report
    _, events = _open(driver, path)
    requests = [
        e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"
    ]
    assert path.as_uri() in requests  # the log works: it saw the page itself
    others = [u for u in requests if u != path.as_uri() and not u.startswith("data:")]
    assert others == []


def test_text_has_every_gap_and_indicator(driver: Any, report: Any) -> None:
    _, assessment, path = report
    _open(driver, path)
    text = " ".join(driver.find_element(By.TAG_NAME, "body").text.split())
    for gap in assessment.gaps:
        assert " ".join(gap.message.split()) in text
    for record in assessment.measurement:
        assert record.name in text
        assert record.indicator in text


def test_filter_by_severity_and_condition(driver: Any, report: Any) -> None:
    _, assessment, path = report
    _open(driver, path)
    rows = driver.find_elements(By.CSS_SELECTOR, "#gap-table tbody tr")
    assert len(rows) == len(assessment.gaps)
    assert driver.find_element(By.ID, "gap-filters").is_displayed()  # the script showed them
    assert all(row.is_displayed() for row in rows)

    severities = sorted({g.severity.value for g in assessment.gaps})
    chosen = severities[-1]
    Select(driver.find_element(By.ID, "filter-severity")).select_by_value(chosen)
    for row in rows:
        assert row.is_displayed() == (row.get_attribute("data-severity") == chosen)
    expected = sum(g.severity.value == chosen for g in assessment.gaps)
    status = driver.find_element(By.ID, "filter-status").text
    assert status == f"Showing {expected} of {len(assessment.gaps)} gaps."

    gap = next(g for g in assessment.gaps if g.severity.value == chosen)
    Select(driver.find_element(By.ID, "filter-condition")).select_by_value(gap.condition.value)
    for row in rows:
        keep = (
            row.get_attribute("data-severity") == chosen
            and row.get_attribute("data-condition") == gap.condition.value
        )
        assert row.is_displayed() == keep

    driver.find_element(By.ID, "filter-reset").click()
    assert all(row.is_displayed() for row in rows)


def test_a_report_listing_the_most_pressing_gaps(driver: Any, tmp_path: Path) -> None:
    """With ``max_gaps`` the page lists that many rows, says how many there are in all and
    counts the others by kind; the filters count the rows listed, and it still reads on a
    phone."""
    assessment = ci.assess(ci.load_example("cradle-to-career"))
    assert len(assessment.gaps) > 3
    path = tmp_path / "top.html"
    write_report(assessment, path, max_gaps=3)
    console, _ = _open(driver, path)
    assert console == []
    rows = driver.find_elements(By.CSS_SELECTOR, "#gap-table tbody tr")
    assert [r.get_attribute("data-key") for r in rows] == [g.key for g in assessment.gaps[:3]]
    status = driver.find_element(By.ID, "filter-status").text
    assert status == f"Showing 3 of 3 gaps listed ({len(assessment.gaps)} in all)."
    counted = driver.find_elements(By.CSS_SELECTOR, "#gap-counts tbody tr")
    total = sum(int(r.find_elements(By.TAG_NAME, "td")[-1].text) for r in counted)
    assert total == len(assessment.gaps) - 3
    assert driver.find_element(By.ID, "gap-counts").is_displayed()
    driver.set_window_size(390, 844)
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    driver.set_window_size(WIDTH, HEIGHT)


def test_a_large_initiative_reads_on_a_phone_and_prints(driver: Any, tmp_path: Path) -> None:
    """400 partners and 611 gaps: the cut drawing and lists still make a page that opens
    without a console message, reads on a phone without sideways scrolling and prints."""
    from collective_impact import synth

    init = synth.generate(partners=400, activities=800, indicators=80, ties=900, seed=1)
    path = tmp_path / "large.html"
    write_report(ci.assess(init), path)
    console, _ = _open(driver, path)
    assert console == []
    rows = driver.find_elements(By.CSS_SELECTOR, "#gap-table tbody tr")
    assert len(rows) == 200
    driver.set_window_size(390, 844)
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    driver.set_window_size(WIDTH, HEIGHT)
    pdf = base64.b64decode(driver.print_page(PrintOptions()))
    assert pdf.startswith(b"%PDF")


def test_reads_on_a_phone(driver: Any, report: Any) -> None:
    _, _, path = report
    _open(driver, path)
    driver.set_window_size(390, 844)
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1  # no sideways scrolling of the page itself
    driver.set_window_size(WIDTH, HEIGHT)


def test_prints_one_section_a_page(driver: Any, report: Any) -> None:
    _, _, path = report
    _open(driver, path)
    options = PrintOptions()
    options.background = True
    pdf = base64.b64decode(driver.print_page(options))
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 7  # the seven sections each start a page


#: The width of the printed page's content, in CSS pixels: US Letter (8.5 in, 96 px an inch,
#: the width of ``print_page``'s default page) less the stylesheet's margins of 14 mm.
PRINT_WIDTH = 710


def _as_printed(driver: Any, path: Path) -> None:
    """Load the page laid out as it prints: print media, at the width of a printed page."""
    _open(driver, path)
    driver.set_window_size(PRINT_WIDTH, HEIGHT)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})


def _as_on_screen(driver: Any) -> None:
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.set_window_size(WIDTH, HEIGHT)


def test_every_table_prints_whole(driver: Any, report: Any) -> None:
    """A table wider than its box scrolls on screen (``.table-wrap``), and printed, the page
    cut what did not fit: the recommended ties lost their last column (found by a reviewer in
    the PDF). Laid out for print, every cell lies within its table's box."""
    _, _, path = report
    _as_printed(driver, path)
    try:
        cut = driver.execute_script(
            "return Array.from(document.querySelectorAll('.table-wrap')).flatMap(w => {"
            "  const right = w.getBoundingClientRect().right;"
            "  return Array.from(w.querySelectorAll('th, td'))"
            "    .filter(c => c.getBoundingClientRect().right > right + 1)"
            "    .map(c => [w.parentElement.id, c.textContent.trim().slice(0, 40)]);"
            "})"
        )
    finally:
        _as_on_screen(driver)
    assert cut == []


def test_folded_sections_print(driver: Any, report: Any) -> None:
    """A closed ``<details>`` (every partner's ties, each chart in words) printed as its
    summary alone: the PDF had the heading "Every partner and its ties (table)" and no table.
    Laid out for print, what each holds is rendered; on screen it stays folded."""
    _, _, path = report
    script = (
        "return Array.from(document.querySelectorAll('details')).map(d => {"
        "  const inside = Array.from(d.children).filter(c => c.tagName !== 'SUMMARY');"
        "  return inside.every(c => c.checkVisibility() && c.innerText.trim().length > 0);"
        "})"
    )
    _open(driver, path)
    on_screen = driver.execute_script(script)
    assert on_screen
    assert not any(on_screen)
    _as_printed(driver, path)
    try:
        printed = driver.execute_script(script)
    finally:
        _as_on_screen(driver)
    assert printed == [True] * len(on_screen)


def test_folded_sections_open_for_print_and_close_after(driver: Any, tmp_path: Path) -> None:
    """Where the stylesheet cannot print a closed ``<details>`` (a browser without
    ``::details-content``), the page's script opens each before printing and closes it after;
    one the reader opened stays open."""
    path = tmp_path / "workforce.html"
    write_report(ci.assess(ci.load_example("workforce")), path)
    console, _ = _open(driver, path)
    assert console == []
    state = "return Array.from(document.querySelectorAll('details')).map(d => d.open)"
    driver.execute_script("document.querySelector('details').open = true")
    before = driver.execute_script(state)
    assert before[0]
    assert not any(before[1:])
    driver.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    assert all(driver.execute_script(state))
    driver.execute_script("window.dispatchEvent(new Event('afterprint'))")
    assert driver.execute_script(state) == before
    assert driver.get_log("browser") == []


def test_screenshot_is_not_blank(driver: Any, report: Any) -> None:
    image_module = pytest.importorskip("PIL.Image")
    name, _, path = report
    _open(driver, path)
    width, height = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert width > 0
    assert height > HEIGHT
    png = driver.get_screenshot_as_png()
    with image_module.open(io.BytesIO(png)) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 10
    folder = os.environ.get("CI_REPORT_SCREENSHOTS")
    if folder:
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        driver.set_window_size(WIDTH, SHOT_HEIGHT)
        driver.save_screenshot(str(target / f"{name}.png"))
        driver.set_window_size(WIDTH, HEIGHT)


def test_changes_section_in_the_browser(driver: Any, tmp_path: Path) -> None:
    old = ci.assess(ci.load_example("cradle-to-career"))
    new = ci.assess(ci.load_example("cradle-to-career-2027"))
    path = tmp_path / "changes.html"
    write_report(new, path, changes=old.diff(new))
    console, _ = _open(driver, path)
    assert console == []
    section = driver.find_element(By.ID, "changes")
    assert section.is_displayed()
    text = " ".join(section.text.split())
    assert "Changes since 2026-09-30" in text
    assert "facilitator staffed" in text
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", section)
    assert top < HEIGHT  # on the first screen


def test_the_caption_of_the_changes_reads_on_a_phone(driver: Any, tmp_path: Path) -> None:
    """On a phone the table of scores before and now is laid out as blocks, and its caption
    "Scores from 0 to 1, before and now" was squeezed into a column one word wide (found by a
    reviewer): it spans the table, on one or two lines."""
    old = ci.assess(ci.load_example("cradle-to-career"))
    new = ci.assess(ci.load_example("cradle-to-career-2027"))
    path = tmp_path / "changes.html"
    write_report(new, path, changes=old.diff(new))
    _open(driver, path)
    driver.set_window_size(390, 844)
    try:
        caption, table, line = driver.execute_script(
            "const c = document.querySelector('#change-scores caption');"
            "const t = document.querySelector('#change-scores');"
            "return [c.getBoundingClientRect().toJSON(), t.getBoundingClientRect().toJSON(),"
            " parseFloat(getComputedStyle(c).lineHeight)]"
        )
    finally:
        driver.set_window_size(WIDTH, HEIGHT)
    assert caption["width"] >= 0.9 * table["width"]
    assert caption["height"] <= 2 * line + 1


def test_a_latest_value_on_its_target_shows(driver: Any, tmp_path: Path) -> None:
    """workforce's placements aiming at 5,696 by 2010-12-31, the value of that date: the
    latest point sat under the target's star, drawn over it, and could not be seen or pointed
    at (found by a reviewer). What is drawn at its centre is the point."""
    import datetime as dt

    import attrs

    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    on_target = attrs.evolve(ind, target={"date": dt.date(2010, 12, 31), "value": 5696.0})
    init = init.evolve(indicators=[on_target if i.id == ind.id else i for i in init.indicators])
    path = tmp_path / "on-target.html"
    write_report(ci.assess(init), path)
    _open(driver, path)
    hit = driver.execute_script(
        "const figure = Array.from(document.querySelectorAll('figure'))"
        "  .find(f => f.querySelector('p code').textContent === 'placements');"
        "figure.scrollIntoView();"
        "const points = figure.querySelectorAll('circle.point');"
        "const box = points[points.length - 1].getBoundingClientRect();"
        "const at = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);"
        "return at.getAttribute('class');"
    )
    assert hit == "point"


def test_no_symbol_covers_the_value_axis_labels(driver: Any, report: Any) -> None:
    """A baseline at the first date of a chart drew its square over the labels of the value
    axis (found by a reviewer): no baseline, star or point overlaps a label, measured in
    Chromium."""
    _, _, path = report
    _open(driver, path)
    overlaps = driver.execute_script(
        "const out = [];"
        "for (const svg of document.querySelectorAll('.card svg')) {"
        "  const labels = Array.from(svg.querySelectorAll('.tick-label'))"
        "    .filter(t => t.getAttribute('text-anchor') === 'end').map(t => t.getBBox());"
        "  for (const s of svg.querySelectorAll('rect.baseline, polygon.target, circle.point')) {"
        "    const b = s.getBBox();"
        "    for (const l of labels) {"
        "      if (b.x < l.x + l.width + 1 && l.x < b.x + b.width"
        "          && b.y < l.y + l.height && l.y < b.y + b.height) {"
        "        out.push([s.getAttribute('class'), b.x, l.x + l.width]);"
        "      }"
        "    }"
        "  }"
        "}"
        "return out;"
    )
    assert overlaps == []


@pytest.mark.parametrize("scale", [1.0, 10.0, 100.0, 1000.0, -1.0, -100.0])
def test_value_axis_labels_are_not_cut(driver: Any, tmp_path: Path, scale: float) -> None:
    """An indicator in dollars, from tens of thousands to tens of millions (and below zero):
    every label of the value axis lies inside its chart. ``500,000`` was 50 px wide, 4 px more
    than the margin left of the chart, and ``5,000,000`` 61 px: they are ``500k`` and ``5M``."""
    import datetime as dt

    import attrs

    from test_text import income_initiative

    init = income_initiative()
    (ind,) = init.indicators
    scaled = attrs.evolve(
        ind,
        direction="increase" if scale > 0 else "decrease",
        baseline={"date": dt.date(2020, 1, 1), "value": 48000.0 * scale},
        target={"date": dt.date(2030, 1, 1), "value": 60000.0 * scale},
        observations=[attrs.evolve(o, value=o.value * scale) for o in ind.observations],
    )
    path = tmp_path / "dollars.html"
    write_report(ci.assess(init.evolve(indicators=[scaled])), path)
    console, _ = _open(driver, path)
    assert console == []
    boxes = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg .tick-label'))"
        ".filter(t => t.getAttribute('text-anchor') === 'end')"
        ".map(t => [t.textContent, t.getBBox().x])"
    )
    assert len(boxes) >= 2
    assert [label for label, x in boxes if x < 0] == []
    assert not any("e+" in label for label, _ in boxes)


@pytest.mark.parametrize(
    "values",
    [
        (-0.0178, -0.0172, -0.0168, -0.0165),  # ticks -0.0175 … -0.0165: seven characters
        (-0.000262, -0.000255, -0.000248),  # ticks like -0.00026: eight characters
        (-1104000.0, -1101000.0, -1100200.0),  # ticks like -1.104M: seven characters
    ],
)
def test_long_axis_labels_move_the_chart_right(
    driver: Any, tmp_path: Path, values: tuple[float, ...]
) -> None:
    """Small values below zero need seven or eight characters (``-0.0175``), which no unit
    shortens, and so do millions below zero (``-1.104M``): the chart moves right
    (``_left_margin``) so that every label lies inside the picture and left of the chart,
    measured in Chromium."""
    import datetime as dt

    import attrs

    from test_text import income_initiative

    init = income_initiative()
    (ind,) = init.indicators
    small = attrs.evolve(
        ind,
        baseline={"date": dt.date(2020, 1, 1), "value": values[0]},
        target=None,
        observations=[
            attrs.evolve(o, value=v) for o, v in zip(ind.observations, values[1:], strict=False)
        ],
    )
    path = tmp_path / "small.html"
    write_report(ci.assess(init.evolve(indicators=[small])), path)
    console, _ = _open(driver, path)
    assert console == []
    left, boxes = driver.execute_script(
        "const svg = document.querySelector('.card svg');"
        "const left = Number(svg.querySelector('line.grid').getAttribute('x1'));"
        "return [left, Array.from(svg.querySelectorAll('.tick-label'))"
        ".filter(t => t.getAttribute('text-anchor') === 'end')"
        ".map(t => { const b = t.getBBox(); return [t.textContent, b.x, b.x + b.width]; })]"
    )
    assert len(boxes) >= 2
    assert max(len(label) for label, _, _ in boxes) >= 7, boxes  # longer than the usual six
    assert left > 50  # the chart moved right
    for label, start, end in boxes:
        assert start >= 0, (label, start)
        assert end <= left, (label, end, left)


def test_a_long_name_keeps_the_page_within_a_phone(driver: Any, tmp_path: Path) -> None:
    """An activity named with 155 letters and no space made every condition card (a grid
    column of ``1fr``, which cannot shrink below its longest word) 1,743 px wide on a phone
    400 px wide, each card cut mid-sentence (found by a reviewer)."""
    init = ci.load_example("cradle-to-career")
    long = "Tutor" + "Z" * 150  # tutor-recruitment: its gap is named in a condition's card
    init = init.evolve(
        activities=[
            attrs.evolve(a, name=long) if a.id == "tutor-recruitment" else a
            for a in init.activities
        ]
    )
    path = tmp_path / "long.html"
    write_report(ci.assess(init), path)
    _open(driver, path)
    driver.set_window_size(390, 844)
    try:
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1
        widths = driver.execute_script(
            "return Array.from(document.querySelectorAll('.card'))"
            ".map(c => c.getBoundingClientRect().right)"
        )
        client = driver.execute_script("return document.documentElement.clientWidth")
        assert widths
        assert max(widths) <= client + 1
    finally:
        driver.set_window_size(WIDTH, HEIGHT)


def test_a_filtered_list_prints_every_gap(driver: Any, report: Any) -> None:
    """Filtered to the notes, the printout listed only them under "33 gaps: 0 critical, 29
    warnings, 4 notes", with nothing to say a filter was on (the filters do not print):
    every gap prints (found by a reviewer)."""
    _, assessment, path = report
    _open(driver, path)
    severities = sorted({g.severity.value for g in assessment.gaps})
    Select(driver.find_element(By.ID, "filter-severity")).select_by_value(severities[-1])
    rows = driver.find_elements(By.CSS_SELECTOR, "#gap-table tbody tr")
    assert not all(row.is_displayed() for row in rows)  # filtered on screen
    driver.set_window_size(PRINT_WIDTH, HEIGHT)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert all(row.is_displayed() for row in rows)
    finally:
        _as_on_screen(driver)


def test_a_phone_is_told_the_drawing_scrolls(driver: Any, report: Any) -> None:
    """On a phone the partner network is wider than the screen and was cut at its right edge
    with no sign that it scrolls (found by a reviewer): a line says so there, and only there."""
    _, _, path = report
    _open(driver, path)
    hint = driver.find_element(By.CSS_SELECTOR, "#network .narrow-only")
    assert not hint.is_displayed()
    driver.set_window_size(390, 844)
    try:
        assert hint.is_displayed()
        assert "scroll the drawing sideways" in hint.text
    finally:
        driver.set_window_size(WIDTH, HEIGHT)
