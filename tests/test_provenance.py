"""Every fact points at its exact quote: file_text[start:end] == quote, in records and graph."""

from __future__ import annotations

import pytest
from rdflib.namespace import DCTERMS, PROV, RDF

from conftest import REPORT_FILES, read_report, report_spans
from ofsted_kg.model.namespaces import OA, OFS


@pytest.mark.parametrize("path", REPORT_FILES, ids=lambda p: p.name)
def test_every_record_span_quotes_the_file_exactly(parsed, path):
    text = read_report(path.name)
    spans = list(report_spans(parsed(path.name)))
    assert len(spans) > 10
    for span in spans:
        assert text[span.start : span.end] == span.quote
        assert span.quote.strip() == span.quote and span.quote


def test_every_fact_in_the_graph_has_evidence_that_quotes_its_report(built_graph):
    g = built_graph
    texts = {p.name: read_report(p.name) for p in REPORT_FILES}
    fact_classes = (
        OFS.Judgement,
        OFS.Recommendation,
        OFS.TeamMembership,
        OFS.TenureStatement,
        OFS.KeyFigureObservation,
        OFS.PreviousInspectionMention,
        OFS.Inspection,
    )
    checked = 0
    for cls in fact_classes:
        for fact in g.subjects(RDF.type, cls):
            evidence = g.value(fact, PROV.wasDerivedFrom)
            assert evidence is not None, f"{fact} has no evidence"
            report = g.value(evidence, OA.hasSource)
            source = str(g.value(report, DCTERMS.source))
            selectors = list(g.objects(evidence, OA.hasSelector))
            position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
            quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
            start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
            assert texts[source][start:end] == str(g.value(quote, OA.exact))
            checked += 1
    # 47 judgements, 60 recommendations, 28 team members, 5 inspections at least.
    assert checked > 47 + 60 + 28 + 5


def test_judgement_evidence_quotes_the_printed_grade_row(built_graph):
    from ofsted_kg.model.namespaces import IRIs

    iris = IRIs()
    inspection = iris.inspection("E08000009", __import__("datetime").date(2015, 1, 27))
    judgement = iris.judgement(inspection, "local-authority", "care-leavers")
    evidence = built_graph.value(judgement, PROV.wasDerivedFrom)
    quotes = [
        str(built_graph.value(s, OA.exact))
        for s in built_graph.objects(evidence, OA.hasSelector)
        if built_graph.value(s, OA.exact) is not None
    ]
    assert quotes == ["2.2 Experiences and progress of care leavers\tOutstanding"]


def test_a_quote_that_runs_onto_the_next_page_is_quoted_page_by_page():
    """The running header and page number between the two parts are no part of either;
    each part's offsets index its own page's text."""
    from ofsted_kg.source.text import SourceText

    pages = [
        "Inspection of Anytown\n7. Ensure that children who go missing are seen and\nPage 8 of 40",
        "Inspection of Anytown\nhave a return interview.\n8. Next item.\nPage 9 of 40",
        "Inspection of Anytown\nLast page.\nPage 10 of 40",
    ]
    text = SourceText.from_pages(pages)
    start = text.clean.index("Ensure")
    end = text.clean.index("interview.") + len("interview.")
    span = text.span(start, end)
    assert (span.page, span.quote) == (1, "Ensure that children who go missing are seen and")
    [rest] = span.continued
    assert (rest.page, rest.quote) == (2, "have a return interview.")
    for part in (span, rest):
        assert pages[part.page - 1][part.start : part.end] == part.quote
    # A range on one page has no other part.
    assert text.span(start, start + 6).continued == ()
