"""The code-free learner app (``certtraining app``, ``make learn``) in a real browser.

One app server for this file, started as a learner starts it, with a throw-away store and
data folder and no learner id set (so it asks for a name). Every page is opened with every
request that is not to the app's own server blocked, and the test checks none was made.

- the learner's path: home (name prompt) → 이어서 하기 → lesson 01 → a quiz wrong, then right
  → 다음 수업 → back on the map lesson 01 has moved; the store holds exactly those attempts
  and "finished" for lesson 01 (다음 수업 records it); 이름 바꾸기 brings the prompt back;
- every page: no Python source, no JupyterLab-only guidance, its Korean title, 이전 / 다음 /
  과정 지도, axe-core WCAG 2.2 AA (target-size on) with no serious or critical finding, no
  sideways scrolling at 200% zoom; one question of every type answered with the keyboard
  alone (Tab, Shift+Tab, arrows, Space, Enter); on the home page and lesson 01 every focus
  stop is in the window and not covered by anything;
  a lesson's end counts as reached when it scrolls into view, not when the page opens;
- closing a page shuts its kernel down.
"""

from __future__ import annotations

import io
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from certtraining import quiz
from certtraining.content import load_content
from certtraining.notebook.plan import course_plan
from certtraining.present.fonts import CSS_FAMILY, font_dir
from certtraining.present.markup import to_text
from certtraining.progress.records import Attempt, LessonRecord
from certtraining.progress.store import ProgressStore
from tests.browser.app_server import AppServer, kernel_ids, start_app, stop_app
from tests.browser.axe import BLOCKING_IMPACTS, scan_page
from tests.browser.course_pages import asked_question_ids

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

CONTENT = load_content()
LESSONS = list(CONTENT.lessons)
FIRST_NAME = "앱 학습자"
SECOND_NAME = "둘째 학습자"
SOURCE = re.compile(
    r"\b(?:from certtraining|import \*|start_lesson\(|finish_lesson\(|show_\w+\(|quiz\w*\(|"
    r"final_exam\(|ask_learner_name\()"
)
LAB_ONLY = ("Run All", "모든 셀 실행", "JupyterLab")
SLOW = 30_000  # ms: an answer goes to the page's kernel and back, on a busy 2-core machine


@pytest.fixture(scope="module")
def app(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    server = start_app(tmp_path_factory.mktemp("learner-app"))
    try:
        yield server
    finally:
        stop_app(server)
    assert server.process.poll() is not None


@pytest.fixture
def context(chromium: Browser, app: AppServer) -> Iterator[BrowserContext]:
    """A browser context in which every request not to the app's server is blocked (and kept)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    blocked: list[str] = []
    local = re.compile(rf"^(?:https?|wss?)://127\.0\.0\.1:{app.port}/")

    def route(request_route) -> None:  # type: ignore[no-untyped-def]
        url = request_route.request.url
        if local.match(url) or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    context.set_default_timeout(60_000)
    try:
        yield context
    finally:
        context.close()
    assert blocked == [], f"requests left the local server: {blocked}"


def store(app: AppServer) -> ProgressStore:
    return ProgressStore(app.db_url)


def open_app_page(page: Page, url: str) -> None:
    """Open a page and wait until it is shown and its widgets are drawn."""
    page.goto(url)
    page.wait_for_selector("#rendered_cells:not([hidden])")
    page.wait_for_selector(".ct-app-home, .ct-lesson-end", state="attached")


def page_checks(page: Page, title: str) -> None:
    """What every page must be: titled, no code, no JupyterLab guidance, no Voilà English."""
    assert page.title() == title
    text = page.locator("body").inner_text()
    assert not SOURCE.search(text), SOURCE.search(text)
    for words in LAB_ONLY:
        assert words not in text
    assert page.locator(".jp-InputArea-editor, .jp-CodeMirrorEditor, .cm-editor").count() == 0
    assert "Executing" not in text and "Running" not in text


def assert_accessible(page: Page, where: str) -> None:
    violations = [v for v in scan_page(page) if v.impact in BLOCKING_IMPACTS]
    assert not violations, f"{where}:\n" + "\n".join(map(str, violations))


def assert_no_sideways_scroll_at_200_percent(page: Page, where: str) -> None:
    """200% zoom is half the CSS width: the page must still fit it."""
    size = page.viewport_size
    page.set_viewport_size({"width": 640, "height": 900})
    page.wait_for_timeout(300)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{where} scrolls sideways by {overflow}px at 200% zoom"
    if size:
        page.set_viewport_size(size)


FOCUS_SEEN = """async () => {
  await new Promise(done => requestAnimationFrame(done));
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const inside = r.width > 0 && r.height > 0 && x >= 0 && y >= 0 &&
    x <= window.innerWidth && y <= window.innerHeight;
  const top = inside ? document.elementFromPoint(x, y) : null;
  const labels = el.labels ? [...el.labels] : [];
  const seen = !!top && (el.contains(top) || labels.some(label => label.contains(top)));
  const name = (node) => node ? node.tagName.toLowerCase() + "." +
    String(node.className).split(" ").slice(0, 3).join(".") : "nothing";
  return {seen, inside, what: name(el) + " '" + (el.textContent || el.value || "").trim().slice(0, 30) +
    "'", top: name(top), rect: [Math.round(r.top), Math.round(r.bottom)]};
}"""


def assert_focus_never_hidden(page: Page, where: str, forward: int, backward: int) -> int:
    """Tab (then Shift+Tab) through a page from its top: every element that takes the focus
    is inside the window and is what the window shows at its centre (no sticky bar or other
    layer over it). Returns how many focus stops were checked."""
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }")
    checked = 0
    for key, count in (("Tab", forward), ("Shift+Tab", backward)):
        for _ in range(count):
            page.keyboard.press(key)
            focus = page.evaluate(FOCUS_SEEN)
            if focus is None:
                continue
            assert focus["inside"] and focus["seen"], f"{where}, after {key}: {focus}"
            checked += 1
    return checked


def seed_intro_complete(app: AppServer, learner: str) -> int:
    """Lesson 00 done through the store interface, so 이어서 하기 leads to lesson 01."""
    intro = LESSONS[0]
    target = store(app)
    target.record(LessonRecord(learner, intro.id, "opened"))
    target.record(LessonRecord(learner, intro.id, "finished"))
    questions = course_plan().lesson(intro.id).questions
    for question_id in questions:
        key = quiz.answer_key(question_id).canonical
        target.record(Attempt.new(learner, question_id, key, True, lesson=intro.id))
    return len(questions)


def first_single_question(lesson_index: int) -> str:
    lesson = LESSONS[lesson_index]
    return next(
        q
        for q in asked_question_ids(lesson)
        if quiz.public_view(q).type == "single" and course_plan().questions[q].lesson == lesson.id
    )


def start_of(text: str, length: int = 15) -> str:
    return " ".join(to_text(text).split())[:length]


def quiz_box(page: Page, question_id: str) -> Locator:
    prompt = quiz.public_view(question_id).prompt
    return page.locator(".ct-quiz").filter(has_text=start_of(prompt, 25)).first


def choice_label(question_id: str, key: str) -> str:
    view = quiz.public_view(question_id)
    return next(start_of(o.text, 12) for o in view.choices if o.key == key)


def button(box: Locator, name: str) -> Locator:
    return box.get_by_role("button", name=re.compile(rf"^\W*{re.escape(name)}$"))


def test_home_continue_lesson_quiz_next_and_back_to_the_map(
    app: AppServer, context: BrowserContext
) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    open_app_page(page, app.url())
    assert page.url == app.page_url("index.ipynb")
    page_checks(page, f"과정 지도 · {CONTENT.course.title}")
    home = page.locator(".ct-app-home")
    expect(home).to_contain_text("이름을 한 번만")
    expect(page.locator(".ct-app-continue")).to_have_count(0)  # no map before a name
    assert_accessible(page, "home (name prompt)")

    faces = page.evaluate(
        """async () => { await document.fonts.load('16px "certtraining Korean"', '한');
            return [...document.fonts].map(f => [f.family, f.status]); }"""
    )
    if font_dir() is not None:  # Korean in the course's own font
        assert [CSS_FAMILY, "loaded"] in [[f.strip('"'), s] for f, s in faces], faces
    assert not [f for f in faces if f[1] == "error"], faces

    page.locator(".ct-app-home input[type=text]").fill(FIRST_NAME)
    button(home, "저장").click()
    expect(home).to_contain_text(f"반갑습니다, {FIRST_NAME} 님")
    expect(page.locator(".ct-app-continue")).to_contain_text(f"00. {LESSONS[0].title}")

    seeded = seed_intro_complete(app, FIRST_NAME)
    open_app_page(page, app.url())
    lesson = LESSONS[1]
    cont = page.locator(".ct-app-continue")
    expect(cont).to_contain_text(f"01. {lesson.title}")
    item = page.locator(".ct-app-map-item").nth(1)
    expect(item).to_contain_text("진도 0%")
    assert_accessible(page, "home (course map)")
    assert_no_sideways_scroll_at_200_percent(page, "home")
    assert assert_focus_never_hidden(page, "home", forward=14, backward=6) >= 8

    cont.click()
    page.wait_for_url(app.page_url(lesson.notebook))
    page.wait_for_selector("#rendered_cells:not([hidden])")
    page.wait_for_selector(".ct-lesson-end", state="attached")
    page_checks(page, lesson.title)
    nav = page.locator("nav.ct-app-nav").first
    expect(nav.get_by_role("link", name="과정 지도")).to_have_attribute("href", "index.ipynb")
    expect(nav.locator(".ct-app-previous")).to_have_attribute("href", LESSONS[0].notebook)
    assert_accessible(page, lesson.notebook)
    assert_no_sideways_scroll_at_200_percent(page, lesson.notebook)
    assert assert_focus_never_hidden(page, lesson.notebook, forward=40, backward=10) >= 25

    question = first_single_question(1)
    box = quiz_box(page, question)
    box.scroll_into_view_if_needed()
    (right,) = right_answer(question)
    wrong = next(o.key for o in quiz.public_view(question).choices if o.key != right)
    box.locator("label", has_text=choice_label(question, wrong)).locator("input").check()
    button(box, "확인").click()
    expect(box.locator(".ct-quiz-wrong")).to_contain_text("오답", timeout=SLOW)
    button(box, "다시 풀기").click()
    box.locator("label", has_text=choice_label(question, right)).locator("input").check()
    button(box, "확인").click()
    expect(box.locator(".ct-quiz-right")).to_contain_text("정답", timeout=SLOW)
    expect(page.locator(".ct-progress").first).to_contain_text("끝까지 읽기 아직")

    page.locator("nav.ct-app-nav").first.locator(".ct-app-next").click()
    page.wait_for_url(app.page_url(LESSONS[2].notebook))
    page.wait_for_selector("#rendered_cells:not([hidden])")
    page_checks(page, LESSONS[2].title)

    open_app_page(page, app.url())
    item = page.locator(".ct-app-map-item").nth(1)
    expect(item).not_to_contain_text("진도 0%")
    recorded = store(app)
    attempts = recorded.attempts(FIRST_NAME)
    assert len(attempts) == seeded + 2
    assert [
        (a.question_id, a.attempt_no, a.correct, a.lesson)
        for a in attempts
        if a.lesson == lesson.id
    ] == [(question, 1, False, lesson.id), (question, 2, True, lesson.id)]
    kinds = {(e.lesson, e.kind) for e in recorded.lesson_events(FIRST_NAME)}
    assert (lesson.id, "finished") in kinds  # 다음 수업 counts as reaching the end
    assert (LESSONS[2].id, "finished") not in kinds  # opening a page does not

    # 이름 바꾸기: the prompt comes back; a new name starts its own progress.
    home = page.locator(".ct-app-home")
    button(home, "이름 바꾸기").click()
    expect(home).to_contain_text("이름을 한 번만")
    expect(page.locator(".ct-app-continue")).to_have_count(0)
    page.locator(".ct-app-home input[type=text]").fill(SECOND_NAME)
    button(home, "저장").click()
    expect(page.locator(".ct-app-continue")).to_contain_text(f"00. {LESSONS[0].title}")
    page_checks(page, f"과정 지도 · {CONTENT.course.title}")


def right_answer(question_id: str) -> list[str] | dict[str, str]:
    """The right answer in the widget's own option keys (the key's canonical text)."""
    canonical = quiz.answer_key(question_id).canonical
    if quiz.public_view(question_id).type == "match":
        return dict(pair.split("=", 1) for pair in canonical.split(","))
    return canonical.split(",")


def is_focused(control: Locator) -> bool:
    return control.evaluate("el => el === document.activeElement")


def tab_to(page: Page, control: Locator, limit: int = 60) -> None:
    """Move the focus to a control with Tab, or Shift+Tab when it lies behind the focus."""
    behind = control.evaluate(
        """el => { const at = document.activeElement;
            return !!at && at !== document.body &&
                !!(at.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING); }"""
    )
    for _ in range(limit):
        if is_focused(control):
            return
        page.keyboard.press("Shift+Tab" if behind else "Tab")
    raise AssertionError(f"{limit} key presses did not reach {control}")


def arrow_to(page: Page, control: Locator, index: int) -> None:
    """Pick an option of a closed <select> with the arrow keys (no list opened, no mouse)."""
    now = control.evaluate("el => el.selectedIndex")
    for _ in range(abs(index - now)):
        page.keyboard.press("ArrowDown" if index > now else "ArrowUp")
    assert control.evaluate("el => el.selectedIndex") == index


def keyboard_answer(page: Page, question_id: str) -> None:
    """Answer one question right with the keyboard only, starting at the question's box:
    Tab and Shift+Tab move, arrows choose a radio or a dropdown option, Space ticks, Enter
    presses 확인."""
    from playwright.sync_api import expect

    view = quiz.public_view(question_id)
    key = right_answer(question_id)
    box = quiz_box(page, question_id)
    box.scroll_into_view_if_needed()
    box.evaluate("el => { el.tabIndex = -1; el.focus(); }")  # where the walk starts
    if view.type in ("single", "ox"):
        radios = box.locator("input[type=radio]")
        keys = [o.key for o in view.choices]
        (wanted,) = key
        tab_to(page, radios.first)  # nothing chosen yet: Tab enters at the first choice
        for _ in range(keys.index(wanted)):
            page.keyboard.press("ArrowDown")  # moves to the next choice and chooses it
        if keys.index(wanted) == 0:
            page.keyboard.press("Space")
        expect(radios.nth(keys.index(wanted))).to_be_checked()
    elif view.type == "multiple":
        for one in key:
            box_input = box.locator("label", has_text=choice_label(question_id, one)).locator(
                "input"
            )
            tab_to(page, box_input)
            page.keyboard.press("Space")
            expect(box_input).to_be_checked()
    else:
        options = view.steps if view.type == "order" else view.meanings
        wanted = list(key) if view.type == "order" else [key[t.key] for t in view.terms]  # type: ignore[call-overload]
        labels = {o.key: " ".join(to_text(o.text).split()) for o in options}
        for select, want in zip(box.locator("select").all(), wanted, strict=True):
            tab_to(page, select)
            texts = [
                " ".join(t.split())
                for t in select.evaluate("el => [...el.options].map(o => o.text)")
            ]
            arrow_to(page, select, texts.index(labels[want]))
    check = button(box, "확인")
    tab_to(page, check)
    page.keyboard.press("Enter")
    expect(box.locator(".ct-quiz-right")).to_contain_text("정답", timeout=SLOW)


def test_every_other_lesson_is_accessible_and_each_question_type_works_by_keyboard(
    app: AppServer, context: BrowserContext
) -> None:
    """Lessons the path above did not check (01 was), each question type answered by keyboard
    (02 asks all five), and the end of each lesson recorded when it scrolls into view."""
    from playwright.sync_api import expect

    page = context.new_page()
    open_app_page(page, app.url())
    home = page.locator(".ct-app-home")
    if page.locator(".ct-app-continue").count() == 0:  # run alone: no name known yet
        page.locator(".ct-app-home input[type=text]").fill(SECOND_NAME)
        button(home, "저장").click()
        expect(page.locator(".ct-app-continue")).to_be_visible()
    learner = home.inner_text().split("반갑습니다, ", 1)[1].split(" 님", 1)[0]

    plan = course_plan()
    todo = {"single", "multiple", "ox", "order", "match"}
    for index, lesson in enumerate(LESSONS):
        if index == 1:
            continue
        open_app_page(page, app.page_url(lesson.notebook))
        page_checks(page, lesson.title)
        nav = page.locator("nav.ct-app-nav").first
        expect(nav.get_by_role("link", name="과정 지도")).to_be_visible()
        assert nav.locator(".ct-app-previous").count() == (1 if index > 0 else 0)
        assert nav.locator(".ct-app-next").count() == (1 if index + 1 < len(LESSONS) else 0)
        assert_accessible(page, lesson.notebook)
        assert_no_sideways_scroll_at_200_percent(page, lesson.notebook)

        for question_id in asked_question_ids(lesson):
            kind = quiz.public_view(question_id).type
            if kind in todo and plan.questions[question_id].lesson == lesson.id:
                keyboard_answer(page, question_id)
                todo.discard(kind)

        # Reaching the end: nothing recorded on opening, "finished" once it scrolls into view.
        before = {(e.lesson, e.kind) for e in store(app).lesson_events(learner)}
        assert (lesson.id, "opened") in before
        assert (lesson.id, "finished") not in before
        marker = page.locator(".ct-lesson-end")
        marker.scroll_into_view_if_needed()
        expect(marker).to_be_disabled(timeout=SLOW)
        expect(marker).to_contain_text("끝까지 읽음")
        after = {(e.lesson, e.kind) for e in store(app).lesson_events(learner)}
        assert (lesson.id, "finished") in after
    assert not todo, f"no question of type {todo} was found in the lessons"


def test_the_app_serves_no_instructor_notebook_and_no_file(app: AppServer) -> None:
    for path in (
        "voila/render/instructor/teaching_notes.ipynb",
        "voila/render/../instructor/teaching_notes.ipynb",
        "voila/render/%2E%2E/notebooks/instructor/teaching_notes.ipynb",
        "voila/files/index.ipynb",
        "voila/files/01_issuance.ipynb",
    ):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(app.url(path), timeout=30)
        assert refused.value.code in (403, 404), path


def test_closing_a_page_shuts_its_kernel_down(app: AppServer, context: BrowserContext) -> None:
    """A closed page's kernel goes at once (the page's unload request), not at the end of the
    day: a class opens hundreds of pages. A request from another site cannot do the same."""
    page = context.new_page()
    open_app_page(page, app.url())
    kernel = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    assert kernel in kernel_ids(app)

    foreign = urllib.request.Request(
        app.url(f"voila/api/shutdown/{kernel}"),
        method="POST",
        data=b"",
        headers={"Origin": "http://elsewhere.example"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(foreign, timeout=30)
    assert refused.value.code in (403, 404)
    assert kernel in kernel_ids(app)

    page.close(run_before_unload=True)
    deadline = time.monotonic() + 20
    while kernel in kernel_ids(app) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert kernel not in kernel_ids(app)


def test_the_course_font_is_served_whole_and_cached(app: AppServer) -> None:
    from fontTools.ttLib import TTFont

    from certtraining.present.fonts import EDITOR_TABLES, FILES, missing_font_message
    from tests.helpers import skip_unless_available

    skip_unless_available(font_dir() is not None, missing_font_message())
    url = app.url(f"certtraining/fonts/{FILES[400]}")
    with urllib.request.urlopen(url, timeout=30) as answer:
        body = answer.read()
        assert answer.headers["Content-Type"] == "font/ttf"
        assert "max-age=" in answer.headers["Cache-Control"]
        etag = answer.headers["ETag"]
    font = TTFont(io.BytesIO(body))
    assert not set(EDITOR_TABLES) & set(font.keys())
    assert ord("힣") in font.getBestCmap()  # every Hangul syllable, not a subset
    again = urllib.request.Request(url, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as cached:
        urllib.request.urlopen(again, timeout=30)
    assert cached.value.code == 304
