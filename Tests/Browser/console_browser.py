"""Drives the staff console in headless Chromium through chromium-driver (Selenium), as staff would.

Usage: console_browser.py BASE_URL USER PASSWORD CHANNEL PHONE ADDRESS DESCRIPTION
Logs in, enters a contact on the resident's behalf, and prints one JSON object on stdout:
{"logged_in": bool, "case_ref": str|null, "contact_id": str|null, "cookie": {...}, "case_page_has_staff": bool,
"likely_category": str, "form_kept": bool, "nearby": [case refs of the open cases shown near the address],
"nearby_distance": str|null (the nearest one's distance)}.
Missing chromium or chromedriver is an error, never a skip.
"""
import json, os, shutil, sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.support import expected_conditions as EC


def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path in (chromium, driver):
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: install Debian's chromium and chromium-driver (Docker/stack.sh install)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,900"):
        options.add_argument(a)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


def visible(d, css, seconds=30):
    return WebDriverWait(d, seconds).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def main():
    base, user, password, channel, phone, address, description = sys.argv[1:8]
    d = browser()
    try:
        d.get(base + "/console")
        # Without a session the console sends the browser to its login.
        visible(d, "#user").send_keys(user)
        d.find_element(By.ID, "password").send_keys(password)
        d.find_element(By.ID, "login").click()
        visible(d, "#description")
        logged_in = d.current_url.rstrip("/").endswith("/console")
        cookie = next((c for c in d.get_cookies() if c["name"] == "intake_console"), None)
        Select(d.find_element(By.ID, "channel")).select_by_value(channel)
        d.find_element(By.ID, "name").send_keys("Rosa Delgado")
        d.find_element(By.ID, "contact").send_keys(phone)
        d.find_element(By.ID, "address").send_keys(address)
        d.find_element(By.ID, "description").send_keys(description)
        # "Check" shows the likely category before submitting; the form comes back filled in.
        d.find_element(By.ID, "check").click()
        likely = visible(d, "#likely-category").text
        kept = d.find_element(By.ID, "description").get_attribute("value") == description
        nearby = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#nearby-cases .nearby-ref")]
        distances = [td.text for td in d.find_elements(By.CSS_SELECTOR, "#nearby-cases .distance")]
        d.find_element(By.ID, "submit").click()
        visible(d, ".notice")
        refs = d.find_elements(By.ID, "case-ref")
        ids = d.find_elements(By.ID, "contact-id")
        case_ref = refs[0].text if refs else None
        staff_shown = False
        if case_ref:
            refs[0].click()
            visible(d, "#case")
            staff_shown = user in d.page_source and case_ref in d.page_source
        print(json.dumps({"logged_in": logged_in, "case_ref": case_ref, "contact_id": ids[0].text if ids else None,
                          "cookie": {"httpOnly": cookie["httpOnly"], "sameSite": cookie.get("sameSite")} if cookie else None,
                          "case_page_has_staff": staff_shown, "likely_category": likely, "form_kept": kept,
                          "nearby": nearby, "nearby_distance": distances[0] if distances else None}))
    finally:
        d.quit()


main()
