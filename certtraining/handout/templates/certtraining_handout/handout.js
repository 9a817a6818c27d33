/* Offline answer checking for certtraining handouts: no kernel, no network, no library.
 *
 * A quiz block carries a salt, its question id and the SHA-256 of
 * "salt:question_id:canonical_answer" for the right answer. The reader's choice is turned
 * into the same canonical form and hashed here; feedback and the explanation are stored
 * XOR-ed with a keystream derived from the salted hash of an answer, so they cannot be
 * read from the page source and appear only once the reader has chosen.
 * SHA-256 is written out below because crypto.subtle is missing or async on file://.
 */
(function () {
  "use strict";

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  var H0 = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  ];

  function ror(x, n) {
    return (x >>> n) | (x << (32 - n));
  }

  function sha256(bytes) {
    var len = bytes.length;
    var total = ((len + 9 + 63) >> 6) << 6;
    var p = new Uint8Array(total);
    p.set(bytes);
    p[len] = 0x80;
    var bitsHi = Math.floor(len / 0x20000000);
    var bitsLo = (len << 3) >>> 0;
    for (var b = 0; b < 4; b++) {
      p[total - 8 + b] = (bitsHi >>> (24 - 8 * b)) & 0xff;
      p[total - 4 + b] = (bitsLo >>> (24 - 8 * b)) & 0xff;
    }
    var h = H0.slice();
    var w = new Array(64);
    for (var off = 0; off < total; off += 64) {
      for (var i = 0; i < 16; i++) {
        var j = off + 4 * i;
        w[i] = (p[j] << 24) | (p[j + 1] << 16) | (p[j + 2] << 8) | p[j + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], c1 = h[1], c2 = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (i = 0; i < 64; i++) {
        var t1 = (hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & c1) ^ (a & c2) ^ (c1 & c2))) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c2; c2 = c1; c1 = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + c1) | 0; h[2] = (h[2] + c2) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
    }
    var out = new Uint8Array(32);
    for (i = 0; i < 8; i++) {
      for (b = 0; b < 4; b++) out[4 * i + b] = (h[i] >>> (24 - 8 * b)) & 0xff;
    }
    return out;
  }

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  function hex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return s;
  }

  function sha256hex(text) {
    return hex(sha256(utf8(text)));
  }

  /* The Python side (certtraining.handout.seal) writes the same layout. */
  function unseal(key, sealed) {
    var raw = atob(sealed);
    var data = new Uint8Array(raw.length);
    var block = null;
    for (var i = 0; i < raw.length; i++) {
      if (i % 32 === 0) block = sha256(utf8(key + ":" + i / 32));
      data[i] = raw.charCodeAt(i) ^ block[i % 32];
    }
    var end = data.length;
    while (end > 0 && data[end - 1] === 0) end--;
    return new TextDecoder().decode(data.subarray(0, end));
  }

  function openSlot(box, answer) {
    var base = box.getAttribute("data-salt") + ":" + box.getAttribute("data-qid") + ":" + answer;
    var slot = box.querySelector('[data-slot="' + sha256hex("slot:" + base).slice(0, 16) + '"]');
    return slot ? unseal(sha256hex("key:" + base), slot.getAttribute("data-sealed")) : "";
  }

  function values(box, selector) {
    return Array.prototype.map.call(box.querySelectorAll(selector), function (el) {
      return el.value;
    });
  }

  /* The reader's answer in the bank's canonical form (certtraining.quiz.bank), and the
     pseudo-answers of each picked option, whose feedback is opened too; or an error text. */
  function answerOf(box) {
    var type = box.getAttribute("data-type");
    if (type === "single" || type === "ox" || type === "multiple") {
      var picked = values(box, "input.ct-pick:checked");
      if (!picked.length) return { error: "먼저 답을 고르세요." };
      return { answer: picked.slice().sort().join(","), picked: picked };
    }
    var selects = Array.prototype.slice.call(box.querySelectorAll("select.ct-pick"));
    var chosen = selects.map(function (el) {
      return { key: el.getAttribute("data-key"), value: el.value };
    });
    if (chosen.some(function (c) { return c.value === ""; })) {
      return { error: "빈칸을 모두 채우세요." };
    }
    if (type === "order") {
      var seen = {};
      for (var i = 0; i < chosen.length; i++) {
        if (seen[chosen[i].value]) return { error: "같은 순서 번호를 두 번 골랐습니다." };
        seen[chosen[i].value] = true;
      }
      var ordered = chosen.slice().sort(function (x, y) {
        return Number(x.value) - Number(y.value);
      });
      return {
        answer: ordered.map(function (c) { return c.key; }).join(","),
        picked: ordered.map(function (c) { return c.value + ":" + c.key; })
      };
    }
    var pairs = chosen.map(function (c) { return c.key + "=" + c.value; });
    return { answer: pairs.slice().sort().join(","), picked: pairs };
  }

  function check(box) {
    var result = box.querySelector(".ct-result");
    var got = answerOf(box);
    result.hidden = false;
    if (got.error) {
      result.className = "ct-result ct-result-empty";
      result.textContent = got.error;
      return null;
    }
    var base = box.getAttribute("data-salt") + ":" + box.getAttribute("data-qid") + ":";
    var right = sha256hex(base + got.answer) === box.getAttribute("data-digest");
    var html = '<p class="ct-verdict">' + (right ? "✓ 정답입니다." : "✗ 오답입니다. 다시 풀어 보세요.") + "</p>";
    got.picked.forEach(function (pick) {
      html += openSlot(box, "choice=" + pick);
    });
    html += openSlot(box, "*");
    var review = box.querySelector(".ct-review-src");
    if (!right && review) html += review.innerHTML;
    result.className = "ct-result " + (right ? "ct-result-right" : "ct-result-wrong");
    result.innerHTML = html;
    return { got: got, right: right };
  }

  function reset(box) {
    Array.prototype.forEach.call(box.querySelectorAll("input.ct-pick"), function (el) {
      el.checked = false;
    });
    Array.prototype.forEach.call(box.querySelectorAll("select.ct-pick"), function (el) {
      el.value = "";
    });
    var result = box.querySelector(".ct-result");
    result.hidden = true;
    result.textContent = "";
  }

  /* ---------------------------------------------------------------- kept answers
   * What the reader picked and every 확인 are kept in localStorage under the course
   * version and the handout, so a reload restores them. "내 답 내보내기" writes the checks
   * as JSON Lines in the format `certtraining progress import` reads: one attempt per line,
   * each with its own UUID, marked self_reported, the reader's name as the learner. The
   * `correct` written here is only the page's own view: the import checks every answer
   * against the key again. Nothing of the key is involved. */
  var body = document.body;
  var STORE_KEY = "certtraining:answers:" + (body.getAttribute("data-course-version") || "") +
    ":" + (body.getAttribute("data-handout") || location.pathname);
  var PERSONAL = /\d{6}-?\d{7}|01[016789]-?\d{3,4}-?\d{4}/;

  function emptyState() {
    return { name: "", picks: {}, checked: {}, attempts: [] };
  }

  function load() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      var state = raw ? JSON.parse(raw) : null;
      if (state && typeof state === "object" && Array.isArray(state.attempts)) return state;
    } catch (err) { /* storage off or damaged: start empty */ }
    return emptyState();
  }

  var state = load();

  function save() {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (err) { /* storage off (private window): answers last until the page closes */ }
  }

  function uuid() {
    for (;;) {
      var value;
      if (window.crypto && typeof window.crypto.randomUUID === "function") {
        value = window.crypto.randomUUID();
      } else {
        var b = new Uint8Array(16);
        window.crypto.getRandomValues(b);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        var h = hex(b);
        value = h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" +
          h.slice(16, 20) + "-" + h.slice(20);
      }
      if (!PERSONAL.test(value)) return value; /* the store refuses ids that look personal */
    }
  }

  /* The reader's picks as they are on the page, to put back after a reload. */
  function picksOf(box) {
    return {
      inputs: values(box, "input.ct-pick:checked"),
      selects: Array.prototype.map.call(box.querySelectorAll("select.ct-pick"), function (el) {
        return [el.getAttribute("data-key"), el.value];
      })
    };
  }

  function restorePicks(box, picks) {
    var chosen = {};
    (picks.inputs || []).forEach(function (v) { chosen[v] = true; });
    Array.prototype.forEach.call(box.querySelectorAll("input.ct-pick"), function (el) {
      el.checked = !!chosen[el.value];
    });
    var selected = {};
    (picks.selects || []).forEach(function (pair) { selected[pair[0]] = pair[1]; });
    Array.prototype.forEach.call(box.querySelectorAll("select.ct-pick"), function (el) {
      var key = el.getAttribute("data-key");
      if (Object.prototype.hasOwnProperty.call(selected, key)) el.value = selected[key];
    });
  }

  /* The answer as the course's widgets record it (certtraining.quiz.bank "Answer shapes"). */
  function answerValue(box, got) {
    var type = box.getAttribute("data-type");
    if (type === "single" || type === "ox") return got.answer;
    if (type === "multiple" || type === "order") return got.answer.split(",");
    var pairs = {};
    got.answer.split(",").forEach(function (pair) {
      var at = pair.indexOf("=");
      pairs[pair.slice(0, at)] = pair.slice(at + 1);
    });
    return pairs;
  }

  function remember(box, got, right) {
    var qid = box.getAttribute("data-qid");
    state.checked[qid] = true;
    state.picks[qid] = picksOf(box);
    state.attempts.push({
      uuid: uuid(),
      question_id: qid,
      answer: answerValue(box, got),
      correct: right,
      created_at: new Date().toISOString()
    });
    save();
  }

  function status(text) {
    var line = document.querySelector(".ct-answers-status");
    if (line) line.textContent = text;
  }

  function exportLines() {
    var learner = (state.name || "").trim();
    var lesson = body.getAttribute("data-lesson") || null;
    return state.attempts.map(function (a) {
      return JSON.stringify({
        type: "attempt",
        learner: learner,
        question_id: a.question_id,
        answer: a.answer,
        correct: a.correct,
        mode: "practice",
        lesson: lesson,
        section: null,
        attempt_no: 0,
        uuid: a.uuid,
        created_at: a.created_at,
        self_reported: true
      });
    });
  }

  function exportAnswers() {
    if (!(state.name || "").trim()) {
      status("먼저 '내 이름'을 적어 주세요. 강사가 누구의 답인지 알 수 있게 합니다.");
      var field = document.querySelector(".ct-answers-name");
      if (field) field.focus();
      return;
    }
    if (!state.attempts.length) {
      status("아직 확인한 답이 없습니다. 문제를 풀고 '확인'을 누른 뒤 내보내세요.");
      return;
    }
    var text = exportLines().join("\n") + "\n";
    var blob = new Blob([text], { type: "application/x-ndjson" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "내답_" + (body.getAttribute("data-handout") || "handout") + ".jsonl";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
    status("답 " + state.attempts.length + "개를 파일로 내보냈습니다. 이 파일을 강사에게 주세요.");
  }

  var boxes = Array.prototype.slice.call(document.querySelectorAll(".ct-quiz[data-digest]"));

  function startOver() {
    var name = state.name;
    state = emptyState();
    state.name = name; /* the name is typed once; only the answers start over */
    save();
    boxes.forEach(reset);
    status("저장된 답을 모두 지웠습니다. 처음부터 다시 풀 수 있습니다.");
  }

  window.certtrainingSha256 = sha256hex;
  window.certtrainingUnseal = unseal;

  boxes.forEach(function (box) {
    var controls = box.querySelector(".ct-controls");
    if (controls) controls.hidden = false;
    var qid = box.getAttribute("data-qid");
    box.querySelector(".ct-check").addEventListener("click", function () {
      var got = check(box);
      if (got) remember(box, got.got, got.right);
    });
    box.querySelector(".ct-retry").addEventListener("click", function () {
      reset(box);
      delete state.picks[qid];
      delete state.checked[qid];
      save();
    });
    box.addEventListener("change", function () {
      state.picks[qid] = picksOf(box);
      save();
    });
    if (state.picks[qid]) {
      restorePicks(box, state.picks[qid]);
      if (state.checked[qid]) check(box);
    }
  });

  var bar = document.querySelector(".ct-answers-bar");
  if (bar && boxes.length) {
    bar.hidden = false;
    var nameField = bar.querySelector(".ct-answers-name");
    nameField.value = state.name || "";
    nameField.addEventListener("input", function () {
      state.name = nameField.value;
      save();
    });
    bar.querySelector(".ct-answers-export").addEventListener("click", exportAnswers);
    bar.querySelector(".ct-answers-clear").addEventListener("click", startOver);
  }
})();
