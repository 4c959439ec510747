// The presenter view (`?presenter`): the slide on screen and the next one, the
// slide's notes, the elapsed time, a clock and the session's slide number.
//
// presentation.js keeps the deck and the keys, and keeps this window in step
// with the slides window (BroadcastChannel); this file only draws the view.
// The two previews are the slides themselves, in frames the size of a 1280×720
// screen scaled down, so that they show what the room sees. The notes are the
// slide's 2026 supplements (`.supplement`), which the slides show as one line.
(() => {
  if (window.presenterView || !window.presentation) return;
  const P = window.presentation;
  const SCREEN = { width: 1280, height: 720 }; // the previews' virtual screen
  let view = null;

  const html = (s) => {
    const t = document.createElement("template");
    t.innerHTML = s.trim();
    return t.content.firstElementChild;
  };

  function create() {
    const el = html(`
      <div class="presenter" role="region" aria-label="発表者ビュー">
        <div class="presenter__bar">
          <p class="presenter__position"><span class="presenter__counter"></span>
            <span class="presenter__title"></span></p>
          <p class="presenter__black" hidden>暗転中</p>
          <p class="presenter__time">経過 <span class="presenter__elapsed" role="timer" aria-label="経過時間">0:00:00</span></p>
          <p class="presenter__time presenter__remaining-line" hidden>残り <span class="presenter__remaining" role="timer" aria-label="残り時間"></span></p>
          <p class="presenter__time">時刻 <time class="presenter__clock"></time></p>
          <nav class="presenter__controls" aria-label="発表の操作">
            <button type="button" data-action="prev">‹ 前へ</button>
            <button type="button" data-action="next">次へ ›</button>
            <button type="button" data-action="black" aria-pressed="false">暗転（B）</button>
            <button type="button" data-action="overview">一覧（O）</button>
            <button type="button" data-action="other">発表画面を開く（S）</button>
            <button type="button" data-timer="reset">タイマーをリセット</button>
            <button type="button" data-action="help">キー（?）</button>
            <button type="button" data-action="exit">終了（Esc）</button>
          </nav>
        </div>
        <p class="presentation-status" role="status" aria-live="polite"></p>
        <section class="presenter__current" aria-labelledby="presenter-current">
          <h2 id="presenter-current">現在のスライド</h2>
          <div class="presenter__frame"><iframe title="現在のスライド（発表画面と同じ表示）" tabindex="-1" inert></iframe></div>
        </section>
        <section class="presenter__next" aria-labelledby="presenter-next">
          <h2 id="presenter-next">次のスライド</h2>
          <div class="presenter__frame"><iframe title="次のスライド" tabindex="-1" inert></iframe>
            <p class="presenter__end" hidden>最後のスライドです</p></div>
        </section>
        <section class="presenter__notes" aria-labelledby="presenter-notes">
          <h2 id="presenter-notes">ノート</h2>
          <div class="presenter__notes-body md-typeset"></div>
        </section>
      </div>`);
    el.addEventListener("click", (ev) => {
      const button = ev.target.closest("button");
      if (button?.dataset.action) P.actions[button.dataset.action]();
      if (button?.dataset.timer === "reset") timer.reset();
    });
    document.body.append(el);
    const frames = el.querySelectorAll(".presenter__frame");
    const resize = new ResizeObserver(() => {
      for (const frame of frames) frame.style.setProperty("--scale", String(frame.clientWidth / SCREEN.width));
    });
    frames.forEach((frame) => resize.observe(frame));
    return { el, resize, current: el.querySelector(".presenter__current iframe"), next: el.querySelector(".presenter__next iframe") };
  }

  // A preview frame to the URL: a new page loads, the same page only moves to the slide (hashchange).
  function point(frame, url) {
    if (!url) {
      frame.hidden = true;
      return;
    }
    frame.hidden = false;
    const now = frame.contentWindow?.location;
    const samePage = now && now.href !== "about:blank" && now.pathname === url.pathname && now.search === url.search;
    if (samePage) now.replace(url.href);
    else frame.src = url.href;
  }

  function notes(slide) {
    const found = P.notesOf(slide).map((note) => {
      const copy = note.cloneNode(true);
      copy.removeAttribute("id");
      for (const el of copy.querySelectorAll("[id]")) el.removeAttribute("id");
      if (copy.tagName === "DETAILS") copy.open = true;
      return copy;
    });
    if (found.length) return found;
    const none = document.createElement("p");
    none.className = "presenter__no-notes";
    none.textContent = "このスライドにノートはありません。";
    return [none];
  }

  async function render(s) {
    if (!view || !view.el.isConnected) view = create();
    root().setAttribute("data-presenter-ready", "");
    view.el.querySelector(".presenter__counter").textContent = `${s.slide} / ${s.total}`;
    view.el.querySelector(".presenter__title").textContent = s.element.dataset.title;
    view.el.querySelector(".presenter__black").hidden = !s.black;
    view.el.querySelector("[data-action=black]").setAttribute("aria-pressed", String(s.black));
    view.el.querySelector(".presenter__notes-body").replaceChildren(...notes(s.element));
    try {
      const data = await P.decks();
      const current = P.slideUrl(data, s.deck, s.slide, "present");
      const next = P.slideUrl(data, s.deck, s.slide + 1, "present");
      point(view.current, current);
      point(view.next, next);
      view.el.querySelector(".presenter__end").hidden = Boolean(next);
      timer.plan(data.decks[s.deck]?.minutes);
    } catch {
      view.el.querySelector(".presentation-status").textContent = "スライドの一覧を読み込めませんでした";
    }
  }

  const root = () => document.documentElement;
  const two = (n) => String(n).padStart(2, "0");
  const clock = (seconds) => {
    const s = Math.abs(Math.round(seconds));
    return `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  };

  // Elapsed time since the view was first opened (kept across reloads), and,
  // with `talk_minutes` in the session's front matter, the time left.
  const timer = {
    key: `presentation-timer:${location.pathname.split("/")[1] ?? ""}`,
    minutes: null,
    tick: null,
    started() {
      const saved = Number(localStorage.getItem(this.key));
      if (saved && Date.now() - saved < 12 * 3600 * 1000) return saved;
      const now = Date.now();
      localStorage.setItem(this.key, String(now));
      return now;
    },
    reset() {
      localStorage.setItem(this.key, String(Date.now()));
      this.draw();
    },
    plan(minutes) {
      this.minutes = Number.isFinite(minutes) && minutes > 0 ? minutes : null;
      this.draw();
    },
    draw() {
      if (!view) return;
      const elapsed = (Date.now() - this.started()) / 1000;
      view.el.querySelector(".presenter__elapsed").textContent = clock(elapsed);
      const line = view.el.querySelector(".presenter__remaining-line");
      line.hidden = this.minutes === null;
      if (this.minutes !== null) {
        const left = this.minutes * 60 - elapsed;
        line.querySelector("span").textContent = left >= 0 ? clock(left) : `${clock(left)} 超過`;
        line.classList.toggle("presenter__over", left < 0);
      }
      const now = new Date();
      const time = view.el.querySelector(".presenter__clock");
      time.textContent = `${now.getHours()}:${two(now.getMinutes())}`;
      time.dateTime = `${two(now.getHours())}:${two(now.getMinutes())}`;
    },
    run() {
      this.tick ??= setInterval(() => this.draw(), 1000);
    },
  };

  function close() {
    clearInterval(timer.tick);
    timer.tick = null;
    view?.resize.disconnect();
    view?.el.remove();
    view = null;
    root().removeAttribute("data-presenter-ready");
  }

  function update(s) {
    if (s?.view !== "presenter") return;
    timer.run();
    render(s);
  }
  P.onChange(update);
  window.presenterView = { close };
  update(P.state()); // loaded by presentation.js once the view was asked for
})();
