// Search that forgives, on the query's side: what Material sends from the
// search box to its search worker is folded, and may be off by one letter.
//
// Material 9 has no hook for the query, and its worker is not ours to fork.
// Its search box posts each query to the worker as {type: 2 (QUERY), data:
// "the typed text"}; this wraps Worker.prototype.postMessage and rewrites
// that one kind of message. The box, the results' highlighting and every
// other message are left as they are.
//
// - Folded: NFKC, so half-width kana (ﾎｽﾃｨﾝｸﾞ) and full-width Latin letters
//   (ＳａｇｅＭａｋｅｒ) are the ordinary forms the index holds
//   (overrides/hooks/search_variants.py folds the pages the same way).
// - One-letter slips: each word of four or more kana, or of four or more
//   Latin letters, is also sent as lunr's fuzzy term `word~1` (edit distance
//   1: a letter left out, added, changed or two swapped), which Material's
//   query syntax passes through to lunr untouched. The word itself still goes
//   first, with Material's prefix wildcard: an exact match matches both
//   terms and ranks above a page that only the slip finds. Words with kanji
//   are left alone (Material splits them by the index's own words first),
//   and so are words that mix kana and Latin letters (split in two there).
(() => {
  if (window.__searchQuery) return; // instant navigation may run this script again
  window.__searchQuery = true;

  const QUERY = 2; // Material's SearchMessageType.QUERY
  const SLIP = /^(?:[\p{Script=Hiragana}\p{Script=Katakana}ー]{4,}|[A-Za-z]{4,})$/u;

  const forgiving = (typed) => {
    const folded = typed.normalize("NFKC");
    const words = folded.split(/\s+/).filter(Boolean);
    const slips = words.filter((word) => SLIP.test(word)).map((word) => `${word}~1`);
    return [...words, ...slips].join(" ");
  };

  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message?.type === QUERY && typeof message.data === "string") {
      message = { ...message, data: forgiving(message.data) };
    }
    return post.call(this, message, ...rest);
  };
})();
