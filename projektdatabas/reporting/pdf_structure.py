"""Repairs to the structure tree of the tagged PDF (PDF/UA-1) that WeasyPrint 70 writes,
made in the `finisher` it calls before writing the file, so the file is written once.

What a screen reader met before, and why it cannot be fixed in the HTML:

- WeasyPrint tags each page on its own (Kozea/WeasyPrint#2902, #2903, open), so an element
  that runs over a page break becomes one structure element per page: the report's article
  was seven `Art`, a list of projects two `L`, a long table two `Table`, each with its own
  header row. Here the parts are joined again: the laid-out boxes tell which HTML elements
  run from one page onto the next, and the facing parts of those are joined (their
  children moved, nothing else changed). A table's header row that WeasyPrint repeats at
  the top of the next page is printed for the eye only: its text becomes an artifact, as
  ISO 32000-1 (14.8.4.3.3, THead) asks, and the cells below it point at the first one.
- It writes no `/Scope` on header cells (Kozea/WeasyPrint#2508): here each `TH` gets Row or
  Column from the HTML's `scope` attribute (WeasyPrint reads it the same way to pair data
  cells with their headers).
- The page margins' text (the running header "Utkast", page numbers) is marked as content
  but hangs from no structure element; here it becomes an artifact, as pagination is.

This relies on WeasyPrint's internals (the laid-out boxes, the `mark` it leaves on table
cells, the drawing operators of each page), which is why the version is pinned and
tests/test_report_files.py walks the finished tree."""

from weasyprint.formatting_structure import boxes
from weasyprint.pdf.tags import _get_pdf_tag

NULL = b"null"


def finish(document, pdf) -> None:
    """WeasyPrint's finisher: called with the laid-out document and the PDF objects."""
    if "StructTreeRoot" not in pdf.catalog:
        return  # an untagged PDF
    tree = _Tree(pdf)
    _scope_header_cells(document)
    _join_across_pages(document, tree)
    tree.artifact_orphans()


class _Tree:
    """The structure tree as WeasyPrint left it in pydyf's objects."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.pages = list(pdf.page_references)
        self.root = self.get(pdf.catalog["StructTreeRoot"])
        self.document = self.get(self.root["K"][0])
        # [page, [element per MCID], …, annotation key, element, …]
        self.numbers = self.get(self.root["ParentTree"])["Nums"]

    def get(self, reference):
        return self.pdf.objects[int(reference.split()[0])]

    def element(self, kid):
        """The structure element a kid refers to, or None for marked content."""
        if isinstance(kid, bytes):
            target = self.get(kid)
            return target if "S" in target else None
        return None

    def elements(self, parent) -> list:
        return [e for e in map(self.element, parent["K"]) if e is not None]

    def walk(self, element):
        yield element
        for kid in self.elements(element):
            yield from self.walk(kid)

    def page_of(self, element) -> int:
        return self.pages.index(element["Pg"])

    def page_parents(self, page: int):
        """The array that maps the page's marked-content ids to their elements."""
        return self.numbers[2 * page + 1]

    def adopt(self, kid, parent, moved_from):
        """`kid` of `moved_from`, now of `parent` (which starts on an earlier page)."""
        element = self.element(kid)
        if element is not None:
            element["P"] = parent.reference
            return kid
        if isinstance(kid, int):  # marked content on moved_from's page: say which page
            # pydyf's Dictionary, the class of every object WeasyPrint hands the finisher.
            kid = type(moved_from)({"Type": "/MCR", "Pg": moved_from["Pg"], "MCID": kid})
        if isinstance(kid, dict) and "MCID" in kid:
            self.page_parents(self.pages.index(kid["Pg"]))[kid["MCID"]] = parent.reference
        else:  # a link's annotation
            for index in range(2 * len(self.pages) + 1, len(self.numbers), 2):
                if self.numbers[index] == moved_from.reference:
                    self.numbers[index] = parent.reference
        return kid

    def marked_content(self, element):
        """(page, MCID) of every marked-content sequence under the element."""
        for part in self.walk(element):
            for kid in part["K"]:
                if isinstance(kid, int):
                    yield self.page_of(part), kid
                elif isinstance(kid, dict) and "MCID" in kid:
                    yield self.pages.index(kid["Pg"]), kid["MCID"]

    def make_artifacts(self, content) -> bool:
        """Turns marked-content sequences into artifacts in the pages' drawing operators:
        `/Span <</MCID n>> BDC` becomes `/Artifact BMC`. False, with nothing changed, if
        one is not among its page's operators (WeasyPrint drew it in a group)."""
        wanted = {}
        for page, mcid in content:
            wanted.setdefault(page, set()).add(mcid)
        found = {}
        for page, mcids in wanted.items():
            operators = self.get(self.get(self.pages[page])["Contents"]).stream
            found[page] = [
                i
                for i in range(1, len(operators) - 1)
                if isinstance(operators[i], dict)
                and operators[i].get("MCID") in mcids
                and operators[i + 1] == b"BDC"
            ]
            if len(found[page]) != len(mcids):
                return False
        for page, indexes in found.items():
            operators = self.get(self.get(self.pages[page])["Contents"]).stream
            parents = self.page_parents(page)
            for i in reversed(indexes):
                parents[operators[i]["MCID"]] = NULL
                operators[i - 1 : i + 2] = ["/Artifact", b"BMC"]
        return True

    def artifact_orphans(self) -> None:
        """Marked content whose element is outside the tree (the page margins' text)."""
        reachable = {id(e) for e in self.walk(self.document)}
        orphans, elements = [], []
        for page in range(len(self.pages)):
            for mcid, reference in enumerate(self.page_parents(page)):
                if reference != NULL and id(self.get(reference)) not in reachable:
                    orphans.append((page, mcid))
                    elements.append(self.get(reference))
        if orphans and self.make_artifacts(orphans):
            for element in elements:
                element.clear()


def _scope_header_cells(document) -> None:
    for page in document.pages:
        for box in page._page_box.descendants():
            # WeasyPrint keeps each table cell's structure element on its box.
            element = getattr(box, "mark", None)
            if element is not None and box.element_tag == "th":
                scope = box.element.get("scope", "")
                element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def _boxes(box):
    """The laid-out boxes of a page, without its margins and without a table's header or
    footer rows where WeasyPrint repeats them."""
    yield box
    if isinstance(box, boxes.MarginBox) or getattr(box, "is_header", False):
        return
    if getattr(box, "is_footer", False):
        return
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.Box):
            yield from _boxes(child)


def _running_on(before, page) -> list[str]:
    """The structure types of the HTML elements that run from `before` onto `page`,
    outermost first (e.g. Art, L: the article and a list in it)."""
    earlier = {id(box.element) for box in _boxes(before._page_box) if box.element is not None}
    seen, types = set(), []
    for box in _boxes(page._page_box):
        element = box.element
        if element is None or id(element) in seen or box.element_tag in ("html", "body"):
            continue
        seen.add(id(element))
        if id(element) in earlier:
            types.append(_get_pdf_tag(box.element_tag))
    return types


def _join_across_pages(document, tree: _Tree) -> None:
    by_page = [[] for _page in tree.pages]
    for kid in tree.document["K"]:
        element = tree.element(kid)
        by_page[tree.page_of(element) if element is not None else 0].append(kid)
    joined = list(by_page[0])
    for number in range(1, len(by_page)):
        kids = by_page[number]
        if joined and kids:
            running = _running_on(document.pages[number - 1], document.pages[number])
            if _join(tree, tree.element(joined[-1]), tree.element(kids[0]), running):
                kids = kids[1:]
        joined.extend(kids)
    tree.document["K"][:] = joined


def _join(tree: _Tree, first, second, running: list[str]) -> bool:
    """Joins `second`, an element's part on the next page, into `first`, its part on the
    page before, if the boxes said such an element runs over; then their facing children
    the same way."""
    if first is None or second is None or first["S"] != second["S"]:
        return False
    kind = first["S"][1:]
    if kind not in running:
        return False
    inner = running[running.index(kind) + 1 :]
    if kind == "LI":
        inner = ["LBody", *inner]  # WeasyPrint's body of a list item is the item too
    kids = list(second["K"])
    if kind == "Table":
        kids = _without_repeated_header(tree, first, second, kids)
    facing = (tree.elements(first) or [None])[-1]
    following = next((k for k in kids if tree.element(k) is not None), None)
    for kid in kids:
        first["K"].append(tree.adopt(kid, first, second))
    if following is not None and _join(tree, facing, tree.element(following), inner):
        first["K"].remove(following)
    second.clear()  # no longer in the tree: left empty, so nothing reads it as structure
    return True


def _without_repeated_header(tree: _Tree, first, second, kids: list) -> list:
    """The kids of a table's part on a later page, without the header row WeasyPrint
    repeated there. Its data cells then point at the header cells of the first part."""
    head = next((e for e in tree.elements(first) if e["S"] == "/THead"), None)
    repeated = tree.element(kids[0]) if kids else None
    if head is None or repeated is None or repeated["S"] != "/THead":
        return kids
    if not tree.make_artifacts(list(tree.marked_content(repeated))):
        return kids
    # WeasyPrint names a header cell "<table's object number>-<row>-<column>", and the
    # repeated row has the same rows and columns as the first.
    ours = {cell["ID"].string for cell in tree.walk(head) if "ID" in cell}
    renamed = {}
    for cell in tree.walk(repeated):
        if "ID" in cell:
            _table, row_column = cell["ID"].string.split("-", 1)
            renamed[cell["ID"].string] = f"{first.number}-{row_column}"
    for part in list(tree.walk(repeated)):
        part.clear()
    for kid in kids[1:]:
        element = tree.element(kid)
        for cell in tree.walk(element) if element is not None else ():
            headers = cell.get("A", {}).get("Headers")
            if headers is None:
                continue
            kept = []
            for header in headers:  # a header's name is one object shared by its cells
                if header.string in renamed:
                    if renamed[header.string] not in ours:
                        continue
                    header.string = renamed[header.string]
                kept.append(header)
            headers[:] = kept
    return kids[1:]
