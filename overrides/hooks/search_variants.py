"""Search that forgives: each section of the search index also answers to the
folded forms of its words and to the synonyms a reader may type.

Material 9 builds its lunr index in the reader's browser from
`search/search_index.json`, with the fields that the file's `config.fields`
names, and has no hook for the query. So after the search plugin has written the
file, this hook adds a field, `variants` (boost 1, as the text), to each section:

- the NFKC-folded, lower-cased forms of its words that differ from the words as
  written: half-width kana (ﾎｽﾃｨﾝｸﾞ) and full-width Latin letters and digits
  (ＳａｇｅＭａｋｅｒ) as their ordinary forms. The typed query is folded the same
  way in the browser (docs/assets/javascripts/search-query.js), so either width
  finds either;
- for each word of the synonym list (locales/search-synonyms.ja.yml) that the
  section has, the words a reader may type for it (レコメンド for
  レコメンデーション, セージメーカー for SageMaker).

Material shows only the title and text of a result, so the field is never
shown. A synonym list that is not a mapping of words to lists of words fails the
build with its file and line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

INDEX = Path("search") / "search_index.json"
SYNONYMS = Path("locales") / "search-synonyms.ja.yml"  # next to mkdocs.yml
FIELD = "variants"
TAG = re.compile(r"<[^>]+>")
# A word that NFKC changes: full-width Latin letters and digits, half-width kana with their sound marks.
WIDE_OR_NARROW = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uff9f]+")


def fold(text: str) -> str:
    """What the index and the typed query are compared as: NFKC, lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def read_synonyms(path: Path, shown: str) -> dict[str, list[str]]:
    """The synonym list: word -> the words typed for it. Fails the build on anything else, with SHOWN:LINE."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise PluginError(f"{shown}:{line}: not YAML ({getattr(exc, 'problem', exc)}); fix the list") from exc
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise PluginError(
            f"{shown}:{root.start_mark.line + 1}: the synonym list must be a mapping `word: [typed, ...]`"
        )
    synonyms: dict[str, list[str]] = {}
    for key, value in root.value:
        where = f"{shown}:{key.start_mark.line + 1}"
        words = value.value if isinstance(value, yaml.SequenceNode) else None
        if not isinstance(key, yaml.ScalarNode) or not key.value.strip():
            raise PluginError(f"{where}: a synonym entry needs a word before the colon")
        if not words or not all(isinstance(w, yaml.ScalarNode) and w.value.strip() for w in words):
            raise PluginError(f"{where}: {key.value!r} needs a list of words, e.g. `{key.value}: [word, word]`")
        synonyms[key.value] = [w.value.strip() for w in words]
    return synonyms


def has_word(folded: str, word: str) -> bool:
    """Whether FOLDED text has WORD; a Latin word only whole ("ml" is not in "html")."""
    if word.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", folded) is not None
    return word in folded


def variants(text: str, synonyms: dict[str, list[str]]) -> str:
    """The words this section also answers to, space-separated; empty if none."""
    plain = TAG.sub(" ", text)
    folded = fold(plain)
    words = [fold(run) for run in WIDE_OR_NARROW.findall(plain)]
    words += [
        fold(typed) for word, typed_words in synonyms.items() if has_word(folded, fold(word)) for typed in typed_words
    ]
    return " ".join(dict.fromkeys(w for w in words if w.strip()))


_synonyms: dict[str, list[str]] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the synonym list first: a broken one fails the build before any page is built."""
    global _synonyms
    _synonyms = read_synonyms(Path(config.config_file_path).parent / SYNONYMS, SYNONYMS.as_posix())
    return config


def on_post_build(*, config: MkDocsConfig) -> None:
    index_path = Path(config.site_dir) / INDEX
    if not index_path.is_file():
        return  # no search plugin
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["config"]["fields"][FIELD] = {"boost": 1.0}
    for doc in index["docs"]:
        extra = variants(f"{doc.get('title', '')} {doc.get('text', '')}", _synonyms)
        if extra:
            doc[FIELD] = extra
    # As the search plugin writes it (ASCII, no spaces), so that only the new field changes its size.
    index_path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
