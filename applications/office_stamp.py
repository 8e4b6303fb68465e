"""R12: the viewer's text into a DOCX's headers and footers and an XLSX's sheet headers and
footers, written member by member into a new package.

Untouched members (pictures, styles, charts) are copied through with ``shutil.copyfileobj``;
only the parts that carry the text are rewritten, and the large ones (the document body, a
sheet) are read in chunks and never whole, so stamping costs about the same memory for a 1 MB
and a 100 MB document (``bench/watermark_memory.py``).

- DOCX: every header and footer part the body refers to gets a paragraph with the text; a
  section that shows a header or footer no earlier section defines (the first page one when it
  has a different first page, the even one when the document has different odd and even pages)
  gets a new part with the text, referred to from its section properties (``w:sectPr``, found by
  scanning the body);
- XLSX: each worksheet's ``headerFooter`` is replaced by one with the text (what follows the
  cells is small and is parsed; the cells are copied through).
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

CHUNK = 1024 * 1024
# A section's properties, or what follows a sheet's cells, larger than this is not plausible.
MAX_FRAGMENT = 16 * 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PART_TYPES = {
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
OFF = {"0", "false", "off"}
# CT_Worksheet: the elements that come after headerFooter (ECMA-376 part 1, 18.3.1.99).
AFTER_HEADER_FOOTER = {
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class PackageError(Exception):
    """The package cannot be read or stamped."""


def _parse(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise PackageError(str(exc)) from exc


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[no-any-return]


def _chunks(archive: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            yield chunk


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _target(part: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> etree._Element:
    try:
        return _parse(archive.read(_rels_name(part)))
    except KeyError:
        return etree.Element(f"{{{PKG_RELS_NS}}}Relationships")


def _targets(rels: etree._Element, part: str, kind: str) -> list[str]:
    return [
        _target(part, rel.get("Target", ""))
        for rel in rels.iter(f"{{{PKG_RELS_NS}}}Relationship")
        if rel.get("Type") == f"{R_NS}/{kind}" and rel.get("TargetMode") != "External"
    ]


def _copy(source: zipfile.ZipFile, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
    with source.open(info) as src, target.open(_entry(info.filename, info), "w") as dst:
        shutil.copyfileobj(src, dst, CHUNK)


def _entry(name: str, like: zipfile.ZipInfo | None = None) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, like.date_time if like else (1980, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    if like is not None:
        entry.external_attr = like.external_attr
    return entry


def _root_tag(chunks: Iterator[bytes], name: bytes) -> tuple[bytes, bytes]:
    """(the root element's start tag, everything read so far) from the first chunks."""
    pattern = re.compile(rb"<(?:[\w.-]+:)?" + name + rb"\b[^>]*>")
    head = b""
    for chunk in chunks:
        head += chunk
        if match := pattern.search(head):
            return match.group(0), head
        if len(head) > MAX_FRAGMENT:
            break
    raise PackageError(f"no {name.decode()} element")


def _declarations(root_tag: bytes) -> list[bytes]:
    return re.findall(rb"""xmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""", root_tag)


def _prefix(root_tag: bytes, namespace: str) -> bytes:
    ns = re.escape(namespace.encode())
    if match := re.search(rb"""xmlns:([\w.-]+)\s*=\s*["']""" + ns + rb"""["']""", root_tag):
        return bytes(match.group(1)) + b":"
    if re.search(rb"""xmlns\s*=\s*["']""" + ns + rb"""["']""", root_tag):
        return b""
    raise PackageError("not a WordprocessingML document")


# --- DOCX -------------------------------------------------------------------------------------


def _paragraph_xml(text: str) -> str:
    return (
        f'<w:p xmlns:w="{W_NS}"><w:r><w:rPr><w:color w:val="888888"/><w:sz w:val="16"/>'
        f'<w:szCs w:val="16"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def _stamp_part(xml: bytes, text: str) -> bytes:
    root = _parse(xml)
    root.append(_parse(_paragraph_xml(text).encode()))
    return _serialize(root)


def _new_part(kind: str, text: str) -> bytes:
    tag = "hdr" if kind == "header" else "ftr"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{tag} xmlns:w="{W_NS}">{_paragraph_xml(text)}</w:{tag}>'
    ).encode()


def _rewrite_sections(chunks: Iterator[bytes], edit: Callable[[bytes], bytes]) -> Iterator[bytes]:
    """The body's bytes with each outermost ``sectPr`` element passed through ``edit`` (a
    tracked change's earlier ``sectPr`` nests inside one); read and given out in chunks."""
    root_tag, head = _root_tag(chunks, b"document")
    tag = re.compile(rb"<(/?)" + re.escape(_prefix(root_tag, W_NS)) + rb"sectPr\b[^>]*?(/?)>")
    pending = b""
    depth, start, pos = 0, 0, 0
    for chunk in _again(head, chunks):
        pending += chunk
        out: list[bytes] = []
        emitted = 0
        while match := tag.search(pending, pos):
            closing, empty = match.group(1), match.group(2)
            pos = match.end()
            if not closing and depth == 0:
                start = match.start()
            if not closing and not empty:
                depth += 1
                continue
            if closing:
                depth -= 1
            if depth == 0:
                out += [pending[emitted:start], edit(pending[start:pos])]
                emitted = pos
        if depth > 0:
            cut = start
            if len(pending) - start > MAX_FRAGMENT:
                raise PackageError("section properties too large")
        else:
            lt = pending.rfind(b"<", pos)
            cut = lt if lt != -1 and pending.find(b">", lt) == -1 else len(pending)
        out.append(pending[emitted:cut])
        yield b"".join(out)
        pending, start, pos = pending[cut:], start - cut, max(0, pos - cut)
    if depth:
        raise PackageError("unclosed section properties")
    yield pending


def _again(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _section(fragment: bytes, declarations: list[bytes]) -> tuple[set[tuple[str, str]], bool]:
    """A ``sectPr``'s header/footer references (kind, type) and whether its first page has
    its own header and footer."""
    wrapper = b"<wrap " + b" ".join(declarations) + b">" + fragment + b"</wrap>"
    element = _parse(wrapper)[0]
    refs = set()
    for kind in ("header", "footer"):
        for ref in element.findall(f"{{{W_NS}}}{kind}Reference"):
            refs.add((kind, ref.get(f"{{{W_NS}}}type", "default")))
    title = element.find(f"{{{W_NS}}}titlePg")
    return refs, title is not None and title.get(f"{{{W_NS}}}val", "1").lower() not in OFF


def _even_pages(archive: zipfile.ZipFile, rels: etree._Element, document: str) -> bool:
    for name in _targets(rels, document, "settings"):
        try:
            element = _parse(archive.read(name)).find(f"{{{W_NS}}}evenAndOddHeaders")
        except KeyError:
            continue
        return element is not None and element.get(f"{{{W_NS}}}val", "1").lower() not in OFF
    return False


def _reference(kind: str, type_: str, rel_id: str) -> bytes:
    return (
        f'<wm:{kind}Reference xmlns:wm="{W_NS}" xmlns:wr="{R_NS}" wm:type="{type_}" '
        f"wr:id={quoteattr(rel_id)}/>"
    ).encode()


def stamp_docx(source: IO[bytes], target: IO[bytes], text: str) -> None:
    """Write to ``target`` a copy of the Word document in ``source`` with ``text`` in every
    header and footer of every section (first-page and even-page ones too). Raises
    PackageError (or zipfile.BadZipFile) when it cannot be read."""
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
        document = next(iter(_targets(_relationships(archive, ""), "", "officeDocument")), "")
        if document not in names:
            raise PackageError("no main document")
        rels = _relationships(archive, document)
        stamped = set(_targets(rels, document, "header") + _targets(rels, document, "footer"))
        declarations = _declarations(_root_tag(_chunks(archive, document), b"document")[0])
        sections: list[tuple[set[tuple[str, str]], bool]] = []

        def read(fragment: bytes) -> bytes:
            sections.append(_section(fragment, declarations))
            return fragment

        for _chunk in _rewrite_sections(_chunks(archive, document), read):
            pass
        if not sections:
            raise PackageError("no section")
        # Which references each section gets; a section without one shows the earlier one's.
        even = _even_pages(archive, rels, document)
        ids = {rel.get("Id") for rel in rels}
        folder = posixpath.dirname(document)
        defined: set[tuple[str, str]] = set()
        added: list[list[bytes]] = []
        new_parts: dict[str, tuple[str, str]] = {}  # part name -> (kind, relationship id)
        for refs, title in sections:
            defined |= refs
            shown = ["default"] + ["first"] * title + ["even"] * even
            references = []
            for type_ in shown:
                for kind in ("header", "footer"):
                    if (kind, type_) in defined:
                        continue
                    defined.add((kind, type_))
                    n = len(new_parts) + 1
                    while (
                        f"rIdWatermark{n}" in ids
                        or posixpath.join(folder, f"{kind}-watermark{n}.xml") in names
                    ):
                        n += 1
                    rel_id, part = (
                        f"rIdWatermark{n}",
                        posixpath.join(folder, f"{kind}-watermark{n}.xml"),
                    )
                    ids.add(rel_id)
                    new_parts[part] = (kind, rel_id)
                    references.append(_reference(kind, type_, rel_id))
            added.append(references)
        for part, (kind, rel_id) in new_parts.items():
            etree.SubElement(
                rels,
                f"{{{PKG_RELS_NS}}}Relationship",
                Id=rel_id,
                Type=f"{R_NS}/{kind}",
                Target=posixpath.relpath(part, folder),
            )
        content_types = _parse(archive.read("[Content_Types].xml"))
        for part, (kind, _rel_id) in new_parts.items():
            etree.SubElement(
                content_types,
                f"{{{CT_NS}}}Override",
                PartName=f"/{part}",
                ContentType=PART_TYPES[kind],
            )
        count = iter(range(len(added)))

        def write(fragment: bytes) -> bytes:
            references = b"".join(added[next(count)])
            if not references:
                return fragment
            if fragment.endswith(b"/>"):  # <w:sectPr/>: open it
                name = re.match(rb"<([\w.:-]+)", fragment)
                assert name is not None
                return fragment[:-2] + b">" + references + b"</" + name.group(1) + b">"
            end = fragment.index(b">") + 1
            return fragment[:end] + references + fragment[end:]

        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                name = info.filename
                if name == document:
                    with out.open(_entry(name, info), "w") as dst:
                        for chunk in _rewrite_sections(_chunks(archive, name), write):
                            dst.write(chunk)
                elif name in stamped:
                    out.writestr(_entry(name, info), _stamp_part(archive.read(name), text))
                elif name == _rels_name(document):
                    out.writestr(_entry(name, info), _serialize(rels))
                elif name == "[Content_Types].xml":
                    out.writestr(_entry(name, info), _serialize(content_types))
                else:
                    _copy(archive, info, out)
            if _rels_name(document) not in names and new_parts:
                out.writestr(_entry(_rels_name(document)), _serialize(rels))
            for part, (kind, _rel_id) in new_parts.items():
                out.writestr(_entry(part), _new_part(kind, text))


# --- XLSX -------------------------------------------------------------------------------------


def _header_text(text: str) -> str:
    # "&" starts a header code (&P page, &D date): double it to print it as such.
    return "&8" + text.replace("&", "&&")


def _stamp_sheet_tail(root_tag: bytes, tail: bytes, text: str) -> bytes:
    """What follows a sheet's cells (``tail``, up to the closing root tag), with its
    headerFooter replaced by one carrying ``text``."""
    root = _parse(root_tag + tail)
    for old in root.findall(f"{{{SHEET_NS}}}headerFooter"):
        root.remove(old)
    element = etree.Element(f"{{{SHEET_NS}}}headerFooter")
    for tag, where in (("oddHeader", "&C"), ("oddFooter", "&L")):
        etree.SubElement(element, f"{{{SHEET_NS}}}{tag}").text = where + _header_text(text)
    after = [
        n
        for n, child in enumerate(root)
        if isinstance(child.tag, str) and etree.QName(child).localname in AFTER_HEADER_FOOTER
    ]
    if after:
        root.insert(after[0], element)
    else:
        root.append(element)
    serialized: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return serialized[serialized.index(b">") + 1 :]


def _stamp_sheet(chunks: Iterator[bytes], text: str) -> Iterator[bytes]:
    """A worksheet's bytes with the text in its header and footer: the cells are given out
    chunk by chunk, what follows them is read (small) and rewritten."""
    root_tag, pending = _root_tag(chunks, b"worksheet")
    end = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>|<(?:[\w.-]+:)?sheetData\b[^>]*/>")
    for chunk in _again(b"", chunks):
        pending += chunk
        if match := end.search(pending):
            yield pending[: match.end()]
            tail = pending[match.end() :]
            for rest in chunks:
                tail += rest
                if len(tail) > MAX_FRAGMENT:
                    raise PackageError("sheet too large after its cells")
            yield _stamp_sheet_tail(root_tag, tail, text)
            return
        cut = max(0, len(pending) - 64)
        yield pending[:cut]
        pending = pending[cut:]
    raise PackageError("no cells")


def stamp_xlsx(source: IO[bytes], target: IO[bytes], text: str) -> None:
    """Write to ``target`` a copy of the Excel workbook in ``source`` with ``text`` in every
    worksheet's header and footer (printed and shown in page layout). Only the worksheets
    change; every other part (charts, images, styles) is copied as it is. Raises PackageError
    (or zipfile.BadZipFile) when it cannot be read."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        stamped = 0
        for info in archive.infolist():
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with out.open(_entry(name, info), "w") as dst:
                    for chunk in _stamp_sheet(_chunks(archive, name), text):
                        dst.write(chunk)
                stamped += 1
            else:
                _copy(archive, info, out)
        if not stamped:
            raise PackageError("no worksheet")
