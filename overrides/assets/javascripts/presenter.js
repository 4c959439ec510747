// The presenter view (`?presenter`): the slide on screen and the next one, the
// slide's notes, the talk's timer, a clock and the session's slide number.
//
// presentation.js keeps the deck and the keys, and keeps this window in step
// with the slides window (BroadcastChannel); this file only draws the view.
// The two previews are the slides themselves, in frames the size of a 1280×720
// screen scaled down, so that they show what the room sees; once a frame has
// the session, it is moved by slide number, as the slides window is. The notes
// are the organiser's talking points (発表メモ, written in the page as
// `<!-- 発表メモ … -->`: hooks/talking_points.py) first, then what the slide
// keeps for the presenter (`.slide-note`: captions, supplements, reader
// instructions). ↓ and ↑ scroll them; T starts and pauses the timer.
(() => {
  if (window.presenterView || !window.presentation) return;
  const P = window.presentation;
  const SCREEN = { width: 1280, height: 720 }; // the previews' virtual screen
  const STALE = 30 * 60 * 1000; // a timer no presenter view has shown for this long was a rehearsal's
  let view = null;

  const html = (s) => {
    const t = document.createElement("template");
    t.innerHTML = s.trim();
    return t.content.firstElementChild;
  };

  // Its own styles (the timer's line, the talking points), next to presentation.css.
  const STYLES = new URL("../stylesheets/presenter.css", document.currentScript?.src ?? location.href).href;
  if (!document.querySelector(`link[href="${STYLES}"]`)) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLES;
    document.head.append(link);
  }

  function create() {
    const el = html(`
      <div class="presenter" role="region" aria-label="発表者ビュー">
        <div class="presenter__bar">
          <p class="presenter__position"><span class="presenter__counter"></span>
            <span class="presenter__title"></span></p>
          <p class="presenter__black" hidden>暗転中</p>
          <p class="presenter__time">経過 <span class="presenter__elapsed" role="timer" aria-label="経過時間">0:00:00</span>
            <span class="presenter__timer-state"></span></p>
          <p class="presenter__time presenter__remaining-line" hidden>残り <span class="presenter__remaining" role="timer" aria-label="残り時間"></span></p>
          <p class="presenter__pace" hidden></p>
          <p class="presenter__time">時刻 <time class="presenter__clock"></time></p>
          <nav class="presenter__controls" aria-label="発表の操作">
            <button type="button" data-action="prev">‹ 前へ</button>
            <button type="button" data-action="next">次へ ›</button>
            <button type="button" data-action="black" aria-pressed="false">暗転（B）</button>
            <button type="button" data-action="overview">一覧（O）</button>
            <button type="button" data-action="other">発表画面を開く（S）</button>
            <button type="button" data-timer="toggle">タイマーを開始（T）</button>
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
        <section class="presenter__notes" aria-labelledby="presenter-notes" tabindex="0">
          <h2 id="presenter-notes">ノート（↓ ↑ でスクロール）</h2>
          <div class="presenter__notes-body md-typeset"></div>
        </section>
      </div>`);
    el.addEventListener("click", (ev) => {
      const button = ev.target.closest("button");
      if (button?.dataset.action) P.actions[button.dataset.action]();
      if (button?.dataset.timer === "toggle") timer.toggle();
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

  // A preview frame to slide N: a frame that holds the session moves there; any other loads its URL.
  function point(frame, url, deck, n) {
    if (!url) {
      frame.hidden = true;
      return;
    }
    frame.hidden = false;
    const shown = frame.contentWindow?.presentation?.state?.();
    if (shown && shown.deck === deck) {
      if (shown.slide !== n) frame.contentWindow.presentation.goTo(n, { quiet: true });
      return;
    }
    const now = frame.contentWindow?.location;
    const samePage = now && now.href !== "about:blank" && now.pathname === url.pathname && now.search === url.search;
    if (samePage) now.replace(url.href);
    else if (frame.src !== url.href) frame.src = url.href;
  }

  // The slide's notes: its talking points first, then what it keeps for the presenter.
  function notes(slide) {
    const found = P.notesOf(slide).map((note) => {
      const copy = note.matches("template")
        ? Object.assign(document.createElement("div"), { className: note.className })
        : note.cloneNode(true);
      if (note.matches("template")) {
        const label = document.createElement("p");
        label.className = "talking-points__label";
        label.textContent = "発表メモ";
        copy.append(label, document.importNode(note.content, true));
      }
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

  let shownSlide = null; // the slide the notes are for: a new slide's notes start at their top
  async function render(s) {
    if (!view || !view.el.isConnected) view = create();
    root().setAttribute("data-presenter-ready", "");
    view.el.querySelector(".presenter__counter").textContent = `${s.slide} / ${s.total}`;
    view.el.querySelector(".presenter__title").textContent = s.element.dataset.title;
    view.el.querySelector(".presenter__black").hidden = !s.black;
    view.el.querySelector("[data-action=black]").setAttribute("aria-pressed", String(s.black));
    if (shownSlide !== s.element) {
      view.el.querySelector(".presenter__notes-body").replaceChildren(...notes(s.element));
      view.el.querySelector(".presenter__notes").scrollTop = 0;
      shownSlide = s.element;
    }
    try {
      const data = await P.decks();
      const current = P.slideUrl(data, s.deck, s.slide, "present");
      const next = P.slideUrl(data, s.deck, s.slide + 1, "present");
      point(view.current, current, s.deck, s.slide);
      point(view.next, next, s.deck, s.slide + 1);
      view.el.querySelector(".presenter__end").hidden = Boolean(next);
      timer.plan(data, s);
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
  const short = (seconds) => {
    const s = Math.abs(Math.round(seconds));
    return `${Math.floor(s / 60)}:${two(s % 60)}`;
  };

  // The talk's timer. It starts with the talk: the first move to another slide, or T. T pauses
  // and goes on; リセット sets it back to not started. It is kept in localStorage, one per session
  // (the site's address and the session's first page), so a reload goes on where it was. With
  // `talk_minutes` it shows the time left and how far the talk is ahead of or behind an even pace.
  const timer = {
    key: null,
    minutes: null,
    slide: 1,
    total: 1,
    tick: null,
    read() {
      const empty = { ran: 0, since: null, seen: Date.now() };
      if (!this.key) return empty;
      try {
        const t = JSON.parse(localStorage.getItem(this.key));
        const valid = t && Number.isFinite(t.ran) && (t.since === null || Number.isFinite(t.since)) && Number.isFinite(t.seen);
        if (!valid) return empty;
        return Date.now() - t.seen > STALE ? empty : t;
      } catch {
        return empty;
      }
    },
    write(t) {
      if (!this.key) return;
      try {
        localStorage.setItem(this.key, JSON.stringify({ ...t, seen: Date.now() }));
      } catch {
        // storage off: the timer lasts as long as the page
      }
    },
    elapsed(t = this.read()) {
      return t.ran + (t.since === null ? 0 : Date.now() - t.since);
    },
    started(t = this.read()) {
      return t.since !== null || t.ran > 0;
    },
    start() {
      const t = this.read();
      if (t.since === null) this.write({ ran: t.ran, since: Date.now() });
      this.draw();
    },
    toggle() {
      const t = this.read();
      if (t.since === null) return this.start();
      this.write({ ran: this.elapsed(t), since: null });
      this.draw();
    },
    reset() {
      this.write({ ran: 0, since: null });
      this.draw();
    },
    // The session (its key and plan) and where the talk is.
    plan(data, s) {
      const deck = data.decks[s.deck];
      if (deck?.slides.length) this.key = `presentation-timer:${data.base.pathname}${deck.slides[0].url}`;
      const minutes = deck?.minutes;
      this.minutes = Number.isFinite(minutes) && minutes > 0 ? minutes : null;
      this.slide = s.slide;
      this.total = s.total;
      this.draw();
    },
    draw() {
      if (!view) return;
      const t = this.read();
      this.write(t); // this view still shows it: not a rehearsal's timer
      const running = t.since !== null;
      const started = this.started(t);
      const elapsed = this.elapsed(t) / 1000;
      view.el.querySelector(".presenter__elapsed").textContent = clock(elapsed);
      view.el.querySelector(".presenter__timer-state").textContent = running ? "" : started ? "一時停止中" : "未開始";
      view.el.querySelector("[data-timer=toggle]").textContent = running ? "タイマーを一時停止（T）" : "タイマーを開始（T）";
      const line = view.el.querySelector(".presenter__remaining-line");
      const pace = view.el.querySelector(".presenter__pace");
      line.hidden = this.minutes === null;
      pace.hidden = this.minutes === null || !started;
      if (this.minutes !== null) {
        const planned = this.minutes * 60;
        const left = planned - elapsed;
        line.querySelector("span").textContent = left >= 0 ? clock(left) : `${clock(left)} 超過`;
        line.classList.toggle("presenter__over", left < 0);
        // At an even pace, slide N is reached after (N - 1) / total of the talk.
        const ahead = ((this.slide - 1) / this.total) * planned - elapsed;
        pace.textContent =
          Math.abs(ahead) < 30 ? "予定どおり" : ahead > 0 ? `予定より ${short(ahead)} 早い` : `予定より ${short(ahead)} 遅れ`;
        pace.classList.toggle("presenter__over", ahead <= -30);
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

  // Keys of the presenter view alone: T for the timer, ↓ ↑ for the notes.
  function onKey(ev) {
    if (!view || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (document.querySelector("dialog[open]")) return;
    if (ev.target instanceof Element && ev.target.matches("input, textarea, select, [contenteditable]")) return;
    const panel = view.el.querySelector(".presenter__notes");
    if (ev.key === "t" || ev.key === "T") timer.toggle();
    else if (ev.key === "ArrowDown" || ev.key === "ArrowUp")
      panel.scrollBy({ top: (ev.key === "ArrowDown" ? 1 : -1) * panel.clientHeight * 0.4, behavior: "instant" });
    else return;
    ev.preventDefault();
  }

  function close() {
    clearInterval(timer.tick);
    timer.tick = null;
    removeEventListener("keydown", onKey);
    view?.resize.disconnect();
    view?.el.remove();
    view = null;
    shownSlide = null;
    root().removeAttribute("data-presenter-ready");
  }

  let last = null; // the slide of the previous update: a new one is a move, which starts the timer
  function update(s) {
    if (s?.view !== "presenter") return;
    timer.run();
    addEventListener("keydown", onKey);
    const moved = last !== null && s.slide !== last;
    last = s.slide;
    render(s).then(() => moved && !timer.started() && timer.start());
  }
  P.onChange(update);
  window.presenterView = { close };
  update(P.state()); // loaded by presentation.js once the view was asked for
})();
