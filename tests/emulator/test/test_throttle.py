"""The throttle knob: a token bucket in front of the API that answers 429 with Retry-After past its rate."""

import requests

from tableau_emulator.server import BackgroundEmulator, TokenBucket

SERVER_INFO = "/api/2.4/serverinfo"


def control(emu, method, name, data=None):
    response = requests.request(method, "%s/_emulator/%s" % (emu.url, name), json=data, timeout=10)
    return response.status_code, response.json()


def test_past_the_burst_the_answer_is_a_429_with_retry_after_and_a_tableau_error():
    with BackgroundEmulator() as emu:
        status, data = control(emu, "POST", "throttle", {"rate": 0.5, "burst": 2})
        assert status == 200 and data["throttle"]["burst"] == 2
        answers = [requests.get(emu.url + SERVER_INFO, timeout=10) for dummy in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        refused = answers[2]
        assert int(refused.headers["Retry-After"]) >= 1
        assert b'<error code="429000">' in refused.content and b"<summary>Too Many Requests</summary>" in refused.content
        log = control(emu, "GET", "requests")[1]["requests"]
        assert [(r["status"], r["fault"]) for r in log] == [(200, None), (200, None), (429, "throttle")]
        assert control(emu, "GET", "throttle")[1]["throttle"]["refused"] == 1


def test_the_control_endpoints_are_never_throttled():
    with BackgroundEmulator(throttle_rate=0.1, throttle_burst=1) as emu:
        assert all(control(emu, "GET", "requests")[0] == 200 for dummy in range(5))


def test_rate_0_turns_it_off_and_bad_values_are_refused():
    with BackgroundEmulator(throttle_rate=0.1, throttle_burst=1) as emu:
        assert control(emu, "POST", "throttle", {"rate": 0})[1] == {"throttle": None}
        assert all(requests.get(emu.url + SERVER_INFO, timeout=10).status_code == 200 for dummy in range(5))
        assert control(emu, "POST", "throttle", {"rate": -1})[0] == 400
        assert control(emu, "POST", "throttle", {"rate": 5, "burst": 0})[0] == 400
        assert control(emu, "POST", "throttle", {"rate": "fast"})[0] == 400


def test_the_bucket_refills_at_the_rate():
    bucket = TokenBucket(10, burst=1)
    assert bucket.take() is None
    wait = bucket.take()
    assert wait is not None and 0 < wait <= 0.1
    bucket.stamp -= 0.1  # a tenth of a second later, as the clock would say
    assert bucket.take() is None
