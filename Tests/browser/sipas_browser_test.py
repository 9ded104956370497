"""Fills and submits the sipas survey in a real browser (headless Chromium), in en and in hmn,
and checks each response reached PostgreSQL with the right language and answers."""
import os
import sys
import uuid

import psycopg
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.wait import WebDriverWait

BASE_URL = os.environ["BASE_URL"].rstrip("/")
DATABASE_URL = os.environ["DATABASE_URL"].split("?")[0]

ELEMENT_QUESTIONS = ["a1", "a2", "a3", "a4", "p1", "p2", "p3", "p4", "p5", "c1", "c2", "c3", "c4", "c5", "c6",
                     "r1", "r2", "r3", "f1", "f2", "f3", "f4"]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=500,900"):
        options.add_argument(argument)
    # A cheap phone's screen: Chrome windows cannot be narrower than 500 px, so emulate the device.
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 320, "height": 800, "pixelRatio": 2}})
    # Named explicitly so selenium does not try to download a driver (there is no internet).
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def responses(language, comment):
    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute(
            "SELECT channel, answers->>'overall', answers->>'a1' FROM responses "
            "WHERE language = %s AND answers->>'comment' = %s",
            (language, comment),
        ).fetchall()


def submit(driver):
    """Presses the submit button and waits until the next page has replaced this one."""
    old_page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    def replaced(driver):
        # staleness_of alone is not enough: while the next page loads, chromedriver may answer
        # "Node with given id does not belong to the document" (a plain WebDriverException)
        # instead of a stale-element error. Either means the old page is gone.
        try:
            old_page.is_enabled()
            return False
        except WebDriverException:
            pass
        try:
            return driver.execute_script("return document.readyState") == "complete"
        except WebDriverException:
            return False  # still between the two pages

    WebDriverWait(driver, 15).until(replaced)


def fill_and_submit(driver, language):
    driver.get(f"{BASE_URL}/f/sipas?lang={language}")
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == language, html.get_attribute("lang")
    if language == "hmn":
        # A partial draft: untranslated strings fall back to Vietnamese, and say so.
        assert driver.find_elements(By.CSS_SELECTOR, "[lang=vi]"), "hmn page should mark Vietnamese fallbacks"
        assert driver.find_elements(By.CSS_SELECTOR, "p.notice"), "hmn page should show the draft notice"
    # The page must fit a 320-px screen without horizontal scrolling.
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 320, f"page is {width}px wide at 320px"

    # First submit without the required overall question: the error is shown, answers kept.
    driver.find_element(By.CSS_SELECTOR, "input[name=a1][value='4']").click()
    submit(driver)
    assert driver.find_elements(By.ID, "e-overall"), "missing required answer should be reported"
    assert driver.find_element(By.CSS_SELECTOR, "input[name=a1][value='4']").is_selected(), "answer kept"

    for question in ELEMENT_QUESTIONS:
        driver.find_element(By.CSS_SELECTOR, f"input[name={question}][value='4']").click()
    driver.find_element(By.CSS_SELECTOR, "input[name=overall][value='5']").click()
    comment = f"browser test {language} {uuid.uuid4()} – cảm ơn"
    driver.find_element(By.ID, "f-comment").send_keys(comment)
    submit(driver)

    assert "/f/sipas/thanks" in driver.current_url, driver.current_url
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    rows = responses(language, comment)
    assert rows == [("web", "5", "4")], rows
    print(f"browser test: sipas in {language}: submitted and stored ({driver.current_url})")


def main():
    driver = browser()
    try:
        for language in ("en", "hmn"):
            fill_and_submit(driver, language)
    finally:
        driver.quit()
    print("browser test: sipas submitted and stored in en and hmn")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print(f"browser test failed: {error}", file=sys.stderr)
        sys.exit(1)
