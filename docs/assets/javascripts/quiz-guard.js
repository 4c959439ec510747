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
})();
