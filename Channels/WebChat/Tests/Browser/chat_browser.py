"""Drives the web chat in headless Chromium through chromium-driver (Selenium), as a resident would.

Usage: chat_browser.py BASE_URL SCENARIO [options]; prints one JSON object on stdout.
Scenarios:
  report  --language en|es --lat LAT --lon LON --what TEXT [--cut] [--photo PNG] [--screenshot PATH]
          "Use my location" (geolocation overridden through CDP), what, optional photo, send;
          --cut closes the socket after the place is sent, before the problem is typed.
  abuse   --oversize BYTES  oversized photo (page and raw frame), malformed frames, a flood.
  question --where TEXT --what TEXT --choose LABEL  triage unsure: the chat asks which problem.
  emergency --where TEXT --what TEXT  an emergency typed as the problem: the 911 advice, at once.
Missing chromium or chromedriver is an error, never a skip.
"""
import argparse, base64, json, os, shutil, sys, time, http.client, urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC


def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    for path in (chromium, driver):
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: install Debian's chromium and chromium-driver (Docker/stack.sh install)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=390,844",
              "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(a)
    d = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    # A phone's viewport: 390×844 CSS pixels (an iPhone 12-14), touch, mobile.
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    return d


def wait(d, seconds=30):
    return WebDriverWait(d, seconds)


def visible(d, css, seconds=30):
    return wait(d, seconds).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def report(d, base, a):
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlparse(base))
    d.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["geolocation"]})
    d.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": a.lat, "longitude": a.lon, "accuracy": 12})
    d.get(base + "/chat")
    # The page speaks the browser's language first; the resident switches with the header button.
    visible(d, "#use-location")
    if d.execute_script("return document.documentElement.lang") != a.language:
        d.find_element(By.ID, "language").click()
        wait(d).until(lambda d: d.execute_script("return document.documentElement.lang") == a.language)
    first_prompt = d.find_elements(By.CSS_SELECTOR, "#log li")[0].text if d.find_elements(By.CSS_SELECTOR, "#log li") else ""
    token = d.execute_script("return intakeChat.token")
    d.find_element(By.ID, "use-location").click()
    visible(d, "#what-text")
    resumed_token = token
    if a.cut:
        # The connection drops after the place was sent; the resident types on regardless.
        d.execute_script("intakeChat.socket.close()")
    what = d.find_element(By.ID, "what-text")
    what.send_keys(a.what)
    d.find_element(By.ID, "what-send").click()
    visible(d, "#send-report")
    if a.cut:
        resumed_token = d.execute_script("return intakeChat.token")
    if a.photo:
        d.find_element(By.ID, "photo").send_keys(a.photo)
        wait(d).until(lambda d: d.execute_script("return intakeChat.inflight.length") == 0)
    d.find_element(By.ID, "send-report").click()
    ref_el = visible(d, "#log li.reference", 40)
    ref = ref_el.get_attribute("data-ref")
    if a.screenshot:
        d.save_screenshot(a.screenshot)
    messages = [li.text for li in d.find_elements(By.CSS_SELECTOR, "#log li")]
    # Check the reference through the page's own "check a reference" form.
    d.find_element(By.ID, "status-summary").click()
    box = visible(d, "#status-ref")
    box.send_keys(ref)
    d.find_element(By.ID, "status-send").click()
    wait(d, 20).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log li.status")) > 0)
    status = d.find_elements(By.CSS_SELECTOR, "#log li.status")[-1].text
    live = d.execute_script("var l = document.getElementById('log'); return [l.getAttribute('role'), l.getAttribute('aria-live')]")
    labels = d.execute_script("return Array.from(document.querySelectorAll('label')).map(l => [l.htmlFor, l.textContent])")
    return {"ref": ref, "token": token, "token_after": resumed_token, "messages": messages, "status": status,
            "first_prompt": first_prompt, "lang": d.execute_script("return document.documentElement.lang"),
            "live": live, "labels": labels}


def question(d, base, a):
    """A typed place and words triage is unsure of: the chat asks which problem, the resident taps one."""
    d.get(base + "/chat")
    visible(d, "#where-text").send_keys(a.where)
    d.find_element(By.ID, "where-send").click()
    visible(d, "#what-text").send_keys(a.what)
    d.find_element(By.ID, "what-send").click()
    visible(d, "#send-report").click()
    ref = visible(d, "#log li.reference", 40).get_attribute("data-ref")
    visible(d, "#choices button")
    question = d.find_elements(By.CSS_SELECTOR, "#log li")[-1].text
    choices = [b.text for b in d.find_elements(By.CSS_SELECTOR, "#choices button")]
    button = next(b for b in d.find_elements(By.CSS_SELECTOR, "#choices button") if b.text == a.choose)
    count = len(d.find_elements(By.CSS_SELECTOR, "#log li"))
    button.click()
    try:
        wait(d).until(lambda d: "filed as" in d.find_elements(By.CSS_SELECTOR, "#log li")[-1].text)
    except Exception:
        raise SystemExit("no answer to the choice; the chat shows: " + " | ".join(li.text for li in d.find_elements(By.CSS_SELECTOR, "#log li")))
    thanks = d.find_elements(By.CSS_SELECTOR, "#log li")[-1].text
    visible(d, "#restart")
    return {"ref": ref, "question": question, "choices": choices, "thanks": thanks}


def ask(d, base, a):
    """A resident types a place and a question: the chat shows the answer (li.answer), and no reference."""
    d.get(base + "/chat")
    visible(d, "#where-text")
    if d.execute_script("return document.documentElement.lang") != a.language:
        d.find_element(By.ID, "language").click()
        wait(d).until(lambda d: d.execute_script("return document.documentElement.lang") == a.language)
    d.find_element(By.ID, "where-text").send_keys(a.where)
    d.find_element(By.ID, "where-send").click()
    visible(d, "#what-text").send_keys(a.what)
    d.find_element(By.ID, "what-send").click()
    visible(d, "#send-report").click()
    try:
        answer = visible(d, "#log li.answer", 40).text
    except Exception:
        raise SystemExit("no answer; the chat shows: " + " | ".join(li.text for li in d.find_elements(By.CSS_SELECTOR, "#log li")))
    refs = len(d.find_elements(By.CSS_SELECTOR, "#log li.reference"))
    return {"answer": answer, "references": refs, "lang": d.execute_script("return document.documentElement.lang")}


def emergency(d, base, a):
    """A typed place, then words that sound like an emergency: the answer comes without a photo or a send."""
    d.get(base + "/chat")
    visible(d, "#where-text").send_keys(a.where)
    d.find_element(By.ID, "where-send").click()
    visible(d, "#what-text").send_keys(a.what)
    d.find_element(By.ID, "what-send").click()
    ref = visible(d, "#log li.reference", 40).get_attribute("data-ref")
    visible(d, "#restart")
    messages = [li.text for li in d.find_elements(By.CSS_SELECTOR, "#log li")]
    return {"ref": ref, "messages": messages, "photo_asked": d.find_element(By.ID, "step-photo").is_displayed()}


SOCKET_SCRIPT = """
const [frames, done] = [arguments[0], arguments[arguments.length - 1]];
const got = [];
const ws = new WebSocket(location.origin.replace('http', 'ws') + '/chat');
ws.binaryType = 'arraybuffer';
let closed = null;
ws.onmessage = (e) => got.push(JSON.parse(e.data));
ws.onclose = (e) => { closed = e.code; };
ws.onopen = () => {
  ws.send(JSON.stringify({type: 'hello', language: 'en'}));
  for (const f of frames) {
    if (f.bin !== undefined) ws.send(Uint8Array.from(atob(f.bin), c => c.charCodeAt(0)));
    else ws.send(f.raw !== undefined ? f.raw : JSON.stringify(f));
  }
  setTimeout(() => { const open = ws.readyState === 1; ws.close(); done({got, closed, open}); }, 2500);
};
"""


def socket(d, frames):
    d.set_script_timeout(30)
    return d.execute_async_script(SOCKET_SCRIPT, frames)


def upgrade_status(base, origin):
    u = urllib.parse.urlparse(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    c.request("GET", "/chat", headers={"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                                       "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(), "Origin": origin})
    status = c.getresponse().status
    c.close()
    return status


def abuse(d, base, a):
    out = {}
    out["origin_foreign"] = upgrade_status(base, "https://evil.example")
    out["origin_missing_scheme"] = upgrade_status(base, "null")
    out["origin_own"] = upgrade_status(base, "{0.scheme}://{0.netloc}".format(urllib.parse.urlparse(base)))
    d.get(base + "/chat")
    visible(d, "#use-location")
    # The page refuses a photo larger than the limit before sending it, with a clear message.
    d.find_element(By.ID, "where-text").send_keys("100 N Stone Ave")
    d.find_element(By.ID, "where-send").click()
    visible(d, "#what-text").send_keys("graffiti on the wall")
    d.find_element(By.ID, "what-send").click()
    visible(d, "#send-report")
    big = os.path.join(a.workdir, "big.jpg")
    with open(big, "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + os.urandom(a.oversize))
    d.find_element(By.ID, "photo").send_keys(big)
    wait(d).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log li.error")) > 0)
    out["page_refusal"] = d.find_elements(By.CSS_SELECTOR, "#log li.error")[-1].text
    # The same photo sent straight over the socket is refused by the server, which keeps serving.
    blob = base64.b64encode(b"\xff\xd8\xff\xe0" + os.urandom(a.oversize)).decode()
    out["raw_oversize"] = socket(d, [{"type": "where", "text": "100 N Stone Ave"}, {"type": "what", "text": "graffiti"},
                                     {"type": "photo", "media_type": "image/jpeg", "data": blob}, {"type": "status", "ref": "TUC-2026-999999"}])
    # Malformed frames: each answered with an error, and the socket keeps working.
    out["malformed"] = socket(d, [{"raw": "not json"}, {"raw": "{\"type\": 5}"}, {"raw": "{\"type\": \"launch\"}"},
                                  {"raw": "{\"type\": \"where\", \"lat\": 500, \"lon\": 1}"}, {"bin": base64.b64encode(b"MZ\x90\x00").decode()},
                                  {"type": "status", "ref": "TUC-2026-999999"}])
    # A flood: far more frames than a minute allows.
    out["flood"] = socket(d, [{"type": "status", "ref": "TUC-2026-999999"}] * 150)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("scenario", choices=["report", "abuse", "question", "emergency", "ask"])
    p.add_argument("--where", default="100 N Stone Ave")
    p.add_argument("--choose", default="Graffiti")
    p.add_argument("--language", default="en")
    p.add_argument("--lat", type=float, default=32.2219)
    p.add_argument("--lon", type=float, default=-110.9715)
    p.add_argument("--what", default="pothole")
    p.add_argument("--cut", action="store_true")
    p.add_argument("--photo")
    p.add_argument("--screenshot")
    p.add_argument("--oversize", type=int, default=300000)
    p.add_argument("--workdir", default="/tmp")
    a = p.parse_args()
    d = browser()
    try:
        result = {"report": report, "abuse": abuse, "question": question, "emergency": emergency, "ask": ask}[a.scenario](d, a.base, a)
    finally:
        d.quit()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
