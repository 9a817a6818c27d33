// The learner app's page script (certtraining app). Plain JavaScript, no libraries.
//
// "끝까지 읽기" (docs/scoring.md): a lesson's end is reached when its end-of-lesson marker
// (the "끝까지 읽었어요 ✓" button the lesson's last cell shows) scrolls into view, or when the
// learner presses 다음 수업. Either way this script presses the marker, so the kernel records
// it exactly as a click in JupyterLab would; 다음 수업 waits (briefly) for that record before
// it leaves, because leaving the page shuts the page's kernel down.
(function () {
  "use strict";
  var MARKER = ".ct-lesson-end";
  var WAIT_MS = 3000;
  var SETTLE_MS = 1000;

  function marker() {
    return document.querySelector(MARKER);
  }

  function reached(button) {
    return !button || button.disabled;
  }

  function press(button) {
    if (button && !button.disabled) {
      button.click();
    }
  }

  function watchMarker() {
    // The page is drawn progressively: cells arrive one by one and a widget can be drawn (or
    // redrawn as a new element) after its cell. So follow whichever element is the marker
    // now, and count it only once it has stayed in view for SETTLE_MS: a marker that shows
    // for a moment while the cells above it are still being drawn was not reached.
    if (!("IntersectionObserver" in window)) return;
    var observed = null;
    var timer = null;
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.target !== observed) return;
        if (timer) {
          clearTimeout(timer);
          timer = null;
        }
        if (entry.isIntersecting) {
          timer = setTimeout(function () {
            timer = null;
            press(marker());
          }, SETTLE_MS);
        }
      });
    });
    function follow() {
      var button = marker();
      if (button === observed) return;
      if (observed) observer.unobserve(observed);
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      observed = button;
      if (button) observer.observe(button);
    }
    // A widget's element can be in the page before its classes are (ipywidgets adds them as
    // it renders), so class changes are watched as well as new elements.
    new MutationObserver(follow).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class"],
    });
    follow();
  }

  function waitUntilReached(button, done) {
    var started = Date.now();
    (function poll() {
      if (reached(button)) {
        // The kernel has redrawn the marker: the record is in the store.
        setTimeout(done, 150);
      } else if (Date.now() - started > WAIT_MS) {
        done();
      } else {
        setTimeout(poll, 50);
      }
    })();
  }

  function holdNextLinks() {
    document.querySelectorAll("a.ct-app-next").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var button = marker();
        if (!button || button.dataset.ctRecorded === "yes") return;
        event.preventDefault();
        var alreadyDone = button.disabled;
        press(button);
        if (alreadyDone) {
          window.location.href = link.href;
          return;
        }
        waitUntilReached(button, function () {
          button.dataset.ctRecorded = "yes";
          window.location.href = link.href;
        });
      });
    });
  }

  function scrollToHash() {
    // The page is hidden while it runs and its outputs are drawn afterwards, so the browser
    // could not jump to #anchor itself: look for the target for a few seconds.
    if (!window.location.hash) return;
    var id = decodeURIComponent(window.location.hash.slice(1));
    var started = Date.now();
    (function look() {
      var target = document.getElementById(id);
      if (target) {
        target.scrollIntoView();
      } else if (Date.now() - started < 10000) {
        setTimeout(look, 100);
      }
    })();
  }

  function start() {
    holdNextLinks();
    watchMarker();
    scrollToHash();
  }

  if (document.getElementById("rendered_cells") && !document.getElementById("rendered_cells").hidden) {
    start();
  } else {
    document.addEventListener("certtraining:shown", start, { once: true });
  }
})();
