"""The browser fixtures work: headless Chromium reaches the app served on loopback."""


def test_chromium_reaches_the_live_app(live_server, page):
    response = page.goto(live_server + "/audio/" + "0" * 64 + ".wav")
    assert response.status == 404
