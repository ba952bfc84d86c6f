"""The staff console, for the demo: a staff member logs in and enters a walk-in contact, as the
browser would (session cookie, CSRF token), then prints what the console answered."""
import html, http.cookiejar, re, sys, urllib.parse, urllib.request

base, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def csrf(page):
    m = re.search(r'name="csrf" value="([^"]*)"', page)
    if not m:
        raise SystemExit("the console page has no CSRF field")
    return html.unescape(m.group(1))


def post(path, fields):
    data = urllib.parse.urlencode(fields).encode()
    return web.open(base + path, data).read().decode()


login = web.open(base + "/console/login").read().decode()
home = post("/console/login", {"csrf": csrf(login), "user": user, "password": password})
if 'action="/console/contacts"' not in home:
    raise SystemExit("login refused")
fields = {"csrf": csrf(home), "channel": "walk_in", "name": "Rosa Méndez", "contact": "520 555 0166", "language": "es",
          "address": "100 N Stone Ave", "description": "Hay un bache grande frente a la biblioteca"}
check = post("/console/check", fields)
nearby = re.findall(r'class="nearby-ref" href="/console/cases/(TUC-\d{4}-\d{6})"', check)
done = post("/console/contacts", fields)
ref = re.search(r'id="case-ref"[^>]*>(TUC-\d{4}-\d{6})<', done)
received = re.search(r'id="contact-id">([^<]*)<', done)
print(f"  Check: {len(nearby)} open case(s) within reach of 100 N Stone Ave" + (f", nearest {', '.join(nearby[:3])}" if nearby else ""))
print("  Submitted: " + (f"case {ref.group(1)} (tell the resident)" if ref else
                         f"received as {received.group(1)}; the reference follows" if received else "no answer"))
