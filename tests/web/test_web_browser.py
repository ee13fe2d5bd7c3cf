"""The dashboard in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driving `claimtrack web`'s server on a free localhost port over the seeded test database.
Screenshots of the main pages are written under the test's temporary directory; no test compares
pixels."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("waitress", reason="the web extra (flask, waitress) is not installed: pip install -e '.[web]'")
pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None or CHROMEDRIVER is None,
        reason="headless Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)",
    ),
]


@pytest.fixture(scope="module")
def server(app: Any) -> Iterator[str]:
    """The dashboard served by waitress, as `claimtrack web` serves it, on a free port."""
    import waitress

    served = waitress.create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{served.effective_port}"
    served.close()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def test_a_reader_follows_links_filters_a_report_downloads_it_and_switches_the_date(
    browser: Any, server: str, seeded: dict[str, Any], downloads: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import url_contains
    from selenium.webdriver.support.ui import WebDriverWait

    def shot(name: str) -> None:
        browser.save_screenshot(str(tmp_path / f"{name}.png"))

    browser.get(server + "/")
    assert browser.title == "Headline reports · claimtrack"
    shot("home")

    # From the home page to a prediction named in the overdue table, then to its claim-free facts.
    browser.find_element(By.CSS_SELECTOR, "#report-overdue_predictions a[href^='/predictions/']").click()
    assert browser.title.startswith("Prediction ")
    assert browser.find_element(By.ID, "deadline").text
    shot("prediction")

    # To the claims list, and a claim.
    browser.find_element(By.LINK_TEXT, "Claims").click()
    assert browser.title == "Claims · claimtrack"
    shot("claims")
    browser.find_element(By.CSS_SELECTOR, "#claims td a[href^='/claims/']").click()
    assert browser.title.startswith("Claim ")
    assert browser.find_elements(By.CSS_SELECTOR, "#actors td a[href^='/actors/']")
    shot("claim")

    # A report, filtered in its form, and its CSV downloaded: the CLI's rows with that filter.
    browser.get(server + "/reports/overdue_predictions")
    browser.find_element(By.ID, "filter-actor").send_keys("PRK")
    browser.find_element(By.ID, "apply-filters").click()
    WebDriverWait(browser, 10).until(url_contains("actor=PRK"))  # the form's GET, once the browser has followed it
    assert browser.title == "overdue_predictions (actor PRK) · claimtrack"
    shot("report-filtered")
    browser.find_element(By.ID, "download-csv").click()
    downloaded = downloads / "overdue_predictions.csv"
    for _ in range(100):
        if downloaded.exists() and downloaded.stat().st_size:
            break
        time.sleep(0.1)
    expected = seeded["owner"]("report", "overdue_predictions", "--actor", "PRK", "--format", "csv").stdout
    assert downloaded.read_text(encoding="utf-8") == expected

    # The as-of date, switched in the page's own form: a resolved prediction as it stood before.
    browser.get(server + "/predictions?view=resolved")
    browser.find_element(By.CSS_SELECTOR, "#predictions td a[href^='/predictions/']").click()
    resolved = browser.find_element(By.ID, "status").text
    made = browser.find_element(By.CSS_SELECTOR, "#history tbody tr td").text  # the first change's effective day
    field = browser.find_element(By.ID, "as-of")
    field.clear()
    field.send_keys(made)
    field.submit()
    WebDriverWait(browser, 10).until(url_contains(f"as_of={made}"))
    assert browser.find_element(By.ID, "status").text == f"open (as of {made})" != resolved
    shot("prediction-as-of")

    # An actor's timeline is an inline SVG chart.
    browser.get(server + "/actors/PRK")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    shot("actor")


def test_a_claim_whose_text_is_a_script_is_shown_as_text_and_never_run(browser: Any, server: str, seeded: dict[str, Any], tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    browser.get(f"{server}/claims/{seeded['script_claim']}")
    assert browser.find_element(By.ID, "statement").text == seeded["script_text"]
    assert browser.execute_script("return window.__claimtrack_pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    browser.save_screenshot(str(tmp_path / "script-claim.png"))


def test_an_unknown_claim_is_a_404_page_in_the_browser(browser: Any, server: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/claims/999999")
    assert browser.title == "Not found · claimtrack"
    assert browser.find_element(By.ID, "error-message").text.startswith("No claim 999999")
