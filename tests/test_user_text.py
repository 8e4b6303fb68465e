"""What users read: the measures' articles, never the portal's internal rule ids (R1..R15) or
raw decision-log action codes; and Chinese text with full-width punctuation (GB/T 15834-2011).

Rule ids belong to code comments, test names and developer docs (docs/rules.md). The rendered
pages are checked by the link crawl (tests/security/test_link_crawl.py, which uses
:func:`rule_ids_and_codes`); this module checks the sources: every entry of the Chinese
catalogue (the English msgids are what the English interface shows) and every template.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import password_validators_help_texts
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from awards.models import Round
from awards.selectors import required_document_list
from common.errors import DomainError
from common.measures import chinese_numeral, cite_articles, cite_rule_ids, rule_citation
from decisionlog.labels import ACTION_LABELS, KIND_STATE_ENUMS, action_label
from decisionlog.models import DecisionLogEntry
from notifications.enums import DeliveryState
from tests.test_i18n import PO_PATH, parse_po

BASE_DIR = Path(settings.BASE_DIR)
RULE_ID = re.compile(r"\bR\d{1,2}\b")
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# ASCII punctuation touching a Chinese character: the full-width form belongs there.
HALF_WIDTH = re.compile(rf"[{CJK}][,:;()?!]|[,:;()?!][{CJK}]")
# Not prose: placeholders (%(name)s, %s, {0}) and web addresses.
NOT_PROSE = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|%[sdif]|\{[0-9A-Za-z_]*\}|https?://\S+")
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
# Inside an HTML tag only attribute values are read (a title shows); names and markup are not.
ATTRIBUTE_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")
HTML_TAG = re.compile(r"<[^>]*>", re.S)


def action_codes() -> set[str]:
    """Every action code the decision log knows: the listed ones and "<kind>.<state>" moves."""
    codes = set(ACTION_LABELS)
    for kind, enum in KIND_STATE_ENUMS.items():
        codes |= {f"{kind}.{state}" for state in enum.values}
    return codes


def rule_ids_and_codes(text: str, codes: set[str]) -> list[str]:
    """Rule ids and raw action codes in ``text`` (what a user must not be shown)."""
    found = RULE_ID.findall(text)
    found += [code for code in DOTTED.findall(text) if code in codes]
    return found


def half_width_marks(text: str) -> list[str]:
    prose = NOT_PROSE.sub("\x00", text)
    return [prose[max(m.start() - 6, 0) : m.end() + 6] for m in HALF_WIDTH.finditer(prose)]


def template_files() -> list[Path]:
    roots = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
    return sorted(
        path
        for root in roots
        if ".venv" not in root.parts and "node_modules" not in root.parts
        for path in root.rglob("*")
        if path.suffix in (".html", ".txt", ".xml") and path.is_file()
    )


def template_text(path: Path) -> str:
    """The text of a template a reader can see: comments, style and script left out, tags
    replaced by a space (the strings inside ``{% trans %}`` are checked in the catalogue)."""
    source = TEMPLATE_COMMENT.sub(" ", path.read_text(encoding="utf-8"))
    source = STYLE_OR_SCRIPT.sub(" ", source)
    source = TEMPLATE_TAG.sub("\x00", source)
    visible = []
    position = 0
    for tag in HTML_TAG.finditer(source):
        visible.append(source[position : tag.start()])
        visible.extend(a or b for a, b in ATTRIBUTE_VALUE.findall(tag.group()))
        position = tag.end()
    visible.append(source[position:])
    return "\n".join(visible)


def template_translations(path: Path) -> list[str]:
    """The literal strings of ``{% trans %}``/``{% blocktrans %}`` in a template."""
    source = TEMPLATE_COMMENT.sub(" ", path.read_text(encoding="utf-8"))
    found = re.findall(r"""\{%\s*trans(?:late)?\s+(?:"([^"]*)"|'([^']*)')""", source)
    blocks = re.findall(
        r"\{%\s*blocktrans(?:late)?\b[^%]*%\}(.*?)\{%\s*endblocktrans", source, re.S
    )
    return [a or b for a, b in found] + blocks


# --- the catalogue ---------------------------------------------------------------------------


def test_the_catalogue_names_no_rule_id_and_no_action_code() -> None:
    codes = action_codes()
    bad = []
    for entry in parse_po(PO_PATH)[1:]:
        for text in [entry.msgid, *(entry.translations())]:
            found = rule_ids_and_codes(text, codes)
            if found:
                bad.append(f"{entry.label}: {found} in {text!r}")
    assert not bad, "users see the articles of the measures, not these:\n" + "\n".join(bad)


def test_the_chinese_catalogue_uses_full_width_punctuation() -> None:
    bad = []
    for entry in parse_po(PO_PATH)[1:]:
        for translation_text in entry.translations():
            marks = half_width_marks(translation_text)
            if marks:
                bad.append(f"{entry.label}: {marks}")
    assert not bad, "ASCII punctuation beside Chinese (use ，：；（）？！):\n" + "\n".join(bad)


# --- the templates ---------------------------------------------------------------------------


def test_templates_name_no_rule_id_and_no_action_code() -> None:
    codes = action_codes()
    bad = []
    for path in template_files():
        texts = [template_text(path), *template_translations(path)]
        found = [hit for text in texts for hit in rule_ids_and_codes(text, codes)]
        if found:
            bad.append(f"{path.relative_to(BASE_DIR)}: {found}")
    assert not bad, "users see the articles of the measures, not these:\n" + "\n".join(bad)


def test_chinese_in_templates_uses_full_width_punctuation() -> None:
    bad = []
    for path in template_files():
        marks = half_width_marks(template_text(path))
        if marks:
            bad.append(f"{path.relative_to(BASE_DIR)}: {marks}")
    assert not bad, "ASCII punctuation beside Chinese (use ，：；（）？！):\n" + "\n".join(bad)


# --- the checks themselves and the citations -------------------------------------------------


def test_the_checks_catch_what_they_are_for() -> None:
    codes = {"objection.submit", "round.publicity"}
    assert rule_ids_and_codes("有效期为3年（R9）。R15：获奖称号", codes) == ["R9", "R15"]
    assert rule_ids_and_codes("异议已收到 objection.submit", codes) == ["objection.submit"]
    assert rule_ids_and_codes("R&D facilities; GB/T 19580; round.title", codes) == []
    assert half_width_marks("证书编号:") == ["证书编号:"]
    assert half_width_marks("经…审议,确定拟奖名单如下,现予以公示:")
    assert half_width_marks("%(org)s在%(until)s前（第六条）：https://x.cn/a?b=1") == []


@pytest.mark.parametrize(
    ("number", "numeral"),
    [(1, "一"), (6, "六"), (10, "十"), (13, "十三"), (20, "二十"), (27, "二十七"), (34, "三十四")],
)
def test_articles_are_numbered_in_chinese(number: int, numeral: str) -> None:
    assert chinese_numeral(number) == numeral


def test_a_refusal_cites_the_article_of_its_rule() -> None:
    with translation.override("zh-hans"):
        assert cite_articles((28, 30)) == "《管理办法》第二十八条、第三十条"
        assert rule_citation("R7") == "《管理办法》第二十七条"
        error = DomainError("名额已满。", rule="R2")
        assert error.user_message == "名额已满。（《管理办法》第六条）"
        assert DomainError("阶段不符。", rule="R1").user_message == "阶段不符。"
    with translation.override("en"):
        assert rule_citation("R8") == "Art. 28 and 30 of the Measures"
        assert DomainError("Full.", rule="R2").user_message == "Full. (Art. 6 of the Measures)"


def test_the_decision_log_labels_a_move_with_full_width_colon() -> None:
    with translation.override("zh-hans"):
        label = action_label("round.publicity")
    assert "round.publicity" not in label
    assert "：" in label and ":" not in label


# --- Chinese written by the code (generated documents) ---------------------------------------

# demo/: the bilingual demo logins printed at start-up for developers.
SKIPPED_DIRS = {".venv", "node_modules", "tests", "migrations", "docs", "bench", ".git", "demo"}
# Not prose: a spreadsheet's list validation needs ASCII commas.
NOT_PROSE_LITERALS = {"'\"无不良记录,有不良记录\"'"}


def chinese_literals(path: Path) -> list[tuple[int, str]]:
    """String literals of ``path`` that are mainly Chinese (the notices, certificates and
    letters the portal writes); docstrings are left out (developer text)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    found = []
    previous: tokenize.TokenInfo | None = None
    for token in tokens:
        if token.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            continue
        docstring = previous is None or previous.type == tokenize.NEWLINE
        raw = "r" in re.match(r"[A-Za-z]*", token.string).group().lower()  # a pattern
        if token.type == tokenize.STRING and not docstring and not raw:
            chinese = len(re.findall(rf"[{CJK}]", token.string))
            latin = len(re.findall(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", token.string)))
            if chinese > latin:
                found.append((token.start[0], token.string))
        previous = token
    return found


def test_chinese_written_by_the_code_uses_full_width_punctuation() -> None:
    """The publicity notice, the confidentiality commitment, the revocation request and the
    other texts the code writes in Chinese."""
    bad = []
    for path in sorted(BASE_DIR.rglob("*.py")):
        if SKIPPED_DIRS & set(path.relative_to(BASE_DIR).parts):
            continue
        for line, literal in chinese_literals(path):
            if literal in NOT_PROSE_LITERALS:
                continue
            marks = half_width_marks(re.sub(r"\{[^{}]*\}", "\x00", literal))
            if marks:
                bad.append(f"{path.relative_to(BASE_DIR)}:{line}: {marks}")
    assert not bad, "ASCII punctuation beside Chinese (use ，：；（）？！):\n" + "\n".join(bad)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (
            "1. 申报表\n2、自评报告\n\n(3) 营业执照\n（4）其他",
            ["申报表", "自评报告", "营业执照", "其他"],
        ),
        ("申报表\n2024年度审计报告", ["申报表", "2024年度审计报告"]),
    ],
)
def test_the_call_notice_numbers_its_documents_once(typed: str, shown: list[str]) -> None:
    """The page shows the required documents as a numbered list: numbers the office typed go."""
    assert required_document_list(Round(required_documents=typed)) == shown


# --- one meaning per msgid, and the formal register ------------------------------------------


def test_one_english_word_with_two_meanings_has_two_translations() -> None:
    with translation.override("zh-hans"):
        assert translation.gettext("Verify") == "查验"  # a certificate
        assert translation.pgettext("second factor", "Verify") == "验证"
        assert translation.gettext("Sent") == "发送时间"  # a column of dates
        assert translation.pgettext("delivery state", "Sent") == "已发送"
        assert str(DeliveryState.SENT.label) == "已发送"


def test_djangos_own_messages_address_the_user_formally() -> None:
    """Our catalogue restates Django's informal 你 messages with 您 (common/django_messages.py)."""
    with translation.override("zh-hans"):
        assert translation.gettext("This field is required.") == "此项为必填项。"
        texts = [
            translation.ngettext(
                "Your password must contain at least %(min_length)d character.",
                "Your password must contain at least %(min_length)d characters.",
                8,
            ),
            *(str(text) for text in password_validators_help_texts()),
            translation.gettext(
                "Your old password was entered incorrectly. Please enter it again."
            ),
        ]
    informal = [text for text in texts if "你" in text]
    assert not informal, informal


def test_the_catalogue_addresses_the_user_formally() -> None:
    informal = [e.label for e in parse_po(PO_PATH)[1:] if any("你" in t for t in e.translations())]
    assert not informal, "use 您, not 你:\n" + "\n".join(informal)


def test_file_sizes_read_as_numbers_with_units() -> None:
    with translation.override("zh-hans"):
        assert filesizeformat(125) == "125\xa0字节"
        assert filesizeformat(1_258_291) == "1.2\xa0MB"


LABEL_THEN_ASCII = re.compile(
    r"""\{%\s*(?:trans|translate)\s+(?:"[^"]*"|'[^']*')(?:\s+context\s+"[^"]*")?\s*%\}[:;,?!]"""
)


def test_a_translated_label_is_followed_by_a_translated_colon() -> None:
    """``{% translate "Stage" %}: `` renders "阶段: " on a Chinese page; the colon is
    translated too (``{% translate ": " context "label" %}`` gives "：")."""
    bad = []
    for path in template_files():
        source = TEMPLATE_COMMENT.sub(" ", path.read_text(encoding="utf-8"))
        bad += [f"{path.relative_to(BASE_DIR)}: {m}" for m in LABEL_THEN_ASCII.findall(source)]
    assert not bad, "\n".join(bad)


def test_older_log_reasons_read_with_articles_and_stay_stored_as_written() -> None:
    with translation.override("zh-hans"):
        assert cite_rule_ids("有效期已于2027-01-18届满（R9）。") == (
            "有效期已于2027-01-18届满（《管理办法》第二十三条）。"
        )
        assert cite_rule_ids("Fraud (R8, R11); stopped (R14).") == (
            "Fraud（《管理办法》第二十八条、第三十条）; stopped."
        )
    with translation.override("en"):
        assert cite_rule_ids("Validity ended on 2027-01-18 (R9).") == (
            "Validity ended on 2027-01-18 (Art. 23 of the Measures)."
        )
    entry = DecisionLogEntry(reason="Validity ended on 2027-01-18 (R9).")
    assert "R9" not in entry.reason_display and entry.reason.endswith("(R9).")
