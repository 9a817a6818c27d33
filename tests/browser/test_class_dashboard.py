"""The class server in a real browser: learners and a teacher log in through the hub's form.

Three learners and one instructor log in with Chromium on the session's class hub
(tests/hub_fixture.py). The learners answer quizzes with their own hub tokens over HTTP (the
service's one request per answer, as their kernels send it); the instructor's dashboard at
``/services/certtraining/`` then shows exactly what the database holds, and learner A, logged in
in the same browser, is refused the dashboard (403). A screenshot of the dashboard is kept in
``test-output/browser/class-dashboard.png`` (a person copies it to ``docs/images``).
"""

from __future__ import annotations

import csv
import io

import pytest

from certtraining.notebook.plan import course_plan
from certtraining.progress.store import ProgressStore
from tests.browser.conftest import OUTPUT_DIR
from tests.hub_server import PASSWORD, ClassHub, request

pytest_plugins = ["tests.hub_fixture"]

# Each learner's answers: question id → answer (option keys of the public view).
ANSWERS = {
    "minji": {"q-other-cert-identity": "O", "q-no-shared-pc": "O", "q-agree-each-term": "X"},
    "jisoo": {"q-other-cert-identity": "X", "q-revocation-final": "O"},
    "hyun": {"q-no-shared-pc": "O", "q-name-today": "O", "q-mandatory-today": "X"},
}


@pytest.fixture(scope="module")
def classroom(class_hub: ClassHub) -> ClassHub:
    for name in ANSWERS:
        if name not in class_hub.names:
            class_hub.add_user(name)
    if "teacher-kim" not in class_hub.names:
        class_hub.add_user("teacher-kim", teacher=True)
    return class_hub


def log_in(chromium, hub: ClassHub, name: str, next_url: str):
    """A fresh browser context logged in through the hub's login form; the page at next_url."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{hub.url}/hub/login?next={next_url}")
    page.fill("#username_input", hub.names[name])
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_load_state("networkidle")
    return context, page


def test_the_instructor_sees_exactly_the_class_and_a_learner_is_refused(chromium, classroom):
    hub = classroom
    contexts = []
    try:
        for name in ANSWERS:  # each learner logs in with Chromium
            context, page = log_in(chromium, hub, name, "/hub/home")
            contexts.append(context)
            assert page.url.startswith(f"{hub.url}/hub/home"), page.url
        sent: dict[str, set[str]] = {}
        for name, answers in ANSWERS.items():  # ... and answers with her own token
            for question_id, answer in answers.items():
                status, body = request(
                    "POST",
                    hub.service_url + "api/answer",
                    hub.tokens[name],
                    {"question_id": question_id, "answer": answer, "mode": "practice"},
                )
                assert status == 200, body
                sent.setdefault(hub.names[name], set()).add(body["record"]["uuid"])

        direct = ProgressStore(hub.store_url)
        try:
            stored = {learner: {a.uuid for a in direct.attempts(learner)} for learner in sent}
            learners = direct.learners()
            from certtraining.service.dashboard import frames

            expected = frames(direct, course_plan(), "summary")["summary"]
        finally:
            direct.close()
        assert stored == sent  # exactly their attempts, each once

        # learner A in the browser: the dashboard is not hers
        first = next(iter(ANSWERS))
        context, page = log_in(chromium, hub, first, "/services/certtraining/")
        contexts.append(context)
        response = page.goto(hub.service_url)
        assert response is not None and response.status == 403
        assert "강사만" in page.content()

        # the instructor's dashboard
        context, page = log_in(chromium, hub, "teacher-kim", "/services/certtraining/")
        contexts.append(context)
        response = page.goto(hub.service_url)
        assert response is not None and response.status == 200
        page.wait_for_selector("h1.ct-dashboard-title")
        note = page.inner_text(".ct-dashboard-note >> nth=0")
        assert f"학습자 {len(learners)}명" in note and hub.names["teacher-kim"] in note
        table = page.inner_text("#sec-summary + *, .ct-dashboard-section >> nth=0")
        for learner in sent:
            assert learner in table
        download = page.request.get(hub.service_url + "summary.csv")
        assert download.status == 200
        rows = list(csv.reader(io.StringIO(download.text().lstrip("\ufeff"))))
        assert rows[0] == [str(c) for c in expected.columns]
        assert sorted(r[0] for r in rows[1:]) == sorted(expected.iloc[:, 0].astype(str))
        assert sorted(r[0] for r in rows[1:]) == learners
        for chart in ("scores.png", "mastery.png"):
            image = page.request.get(hub.service_url + chart)
            assert image.status == 200 and image.body()[:4] == b"\x89PNG"
        OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT_DIR / "class-dashboard.png"), full_page=True)
    finally:
        for context in contexts:
            context.close()
