// Two accidents mkdocs-quiz (1.7.1, the newest release) lets happen, stopped
// before its own handlers see them. Listeners sit on the document in the
// capture phase, so they also work on quizzes that instant navigation or
// presentation mode brings in later.
//
// - 回答する with no option chosen: the plugin would mark the question wrong,
//   show the answer and store it as answered. Here nothing happens but a hint.
// - An answered question keeps its options enabled (disable_after_submit is
//   off so that もう一度 can retry it): a click on an option would move the
//   tick away from the stored answer. Here it does nothing until もう一度.
//
// And one thing it leaves out: a multiple-answer question answered partly
// right (some right options chosen, not all, or a wrong one with them) gets
// a red box whose text begins 「正解。」, and nothing names the right options
// that were not chosen. Here the feedback, whenever the plugin writes it (on
// 回答する, or from the stored answer on load), starts with an amber
// 「一部正解」 item that names them (or a red one when no right option was
// chosen), the chosen right options' boxes turn green, and the missed options
// are amber (site.css).
(() => {
  if (window.__quizGuard) return; // instant navigation may run this script again
  window.__quizGuard = true;

  const HINT = "quiz-choose-first";
  const answered = (quiz) => !!quiz?.querySelector(".quiz-reset-button:not(.hidden)");

  const hintFor = (form) => {
    let hint = form.querySelector(`.${HINT}`);
    if (!hint) {
      hint = document.createElement("p");
      hint.className = HINT;
      hint.setAttribute("role", "status");
      form.querySelector('button[type="submit"]')?.before(hint);
    }
    return hint;
  };

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const quiz = form.closest?.(".quiz");
      if (!quiz || quiz.classList.contains("quiz-fill-blank")) return;
      if (form.querySelector('input[name="answer"]:checked')) return;
      event.preventDefault();
      event.stopPropagation();
      hintFor(form).textContent = "選択肢を選んでから「回答する」を押してください。";
    },
    true,
  );

  document.addEventListener(
    "click",
    (event) => {
      const input = event.target.closest?.('.quiz input[name="answer"]');
      if (input && answered(input.closest(".quiz"))) event.preventDefault();
    },
    true,
  );

  document.addEventListener("change", (event) => {
    const input = event.target.closest?.('.quiz input[name="answer"]');
    input?.closest("form")?.querySelector(`.${HINT}`)?.remove();
  });

  const MISSED = "quiz-missed";
  const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const labelOf = (input) => input.parentElement.querySelector("label")?.textContent.trim() ?? "";

  const explainMissed = (feedback) => {
    const quiz = feedback.closest(".quiz");
    const rights = [...(quiz?.querySelectorAll('fieldset input[name="answer"][data-correct="true"]') ?? [])];
    if (rights.length < 2 || feedback.querySelector(".quiz-feedback-missed")) return; // done already
    quiz.querySelectorAll(`.${MISSED}`).forEach((option) => option.classList.remove(MISSED)); // もう一度
    if (feedback.classList.contains("hidden") || !feedback.querySelector(".quiz-feedback-item.incorrect")) return;
    const hits = rights.filter((input) => input.checked);
    const missed = rights.filter((input) => !input.checked);
    const partly = hits.length > 0;
    // The chosen right options were right: their boxes are green, as on a right answer.
    const hitLabels = new Set(hits.map(labelOf));
    for (const item of feedback.querySelectorAll(".quiz-feedback-item.incorrect")) {
      const badge = item.querySelector(".quiz-feedback-badge");
      if (badge && hitLabels.has(badge.title)) item.classList.replace("incorrect", "correct");
    }
    for (const input of missed) input.parentElement.classList.add(MISSED);
    const names = missed.map((input) => `<li>${escape(labelOf(input))}</li>`).join("");
    const text = !partly
      ? `<p><strong>不正解</strong>。正解は次の${missed.length}つです。</p><ul>${names}</ul>`
      : missed.length
        ? `<p><strong>一部正解</strong>。選んでいない正解が${missed.length}つあります。</p><ul>${names}</ul>`
        : "<p><strong>一部正解</strong>。正解はすべて選んでいますが、正解でない選択肢も選んでいます。</p>";
    const summary = document.createElement("div");
    summary.className = `quiz-feedback-item quiz-feedback-missed ${partly ? "partial" : "incorrect"}`;
    summary.innerHTML = `<div class="quiz-feedback-item-content">${text}</div>`;
    feedback.prepend(summary);
  };

  // The plugin writes the feedback with innerHTML: on 回答する, on load from the stored answer, and on
  // pages instant navigation brings. One observer sees them all; the summary's own insertion is skipped.
  new MutationObserver((records) => {
    const seen = new Set();
    for (const record of records) {
      const feedback = record.target.closest?.(".quiz-feedback");
      if (feedback) seen.add(feedback);
      for (const node of record.addedNodes) node.querySelectorAll?.(".quiz-feedback").forEach((f) => seen.add(f));
    }
    seen.forEach(explainMissed);
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  document.querySelectorAll(".quiz-feedback").forEach(explainMissed);
})();
