-- title: Latest inspection of every council
-- description: Each inspected council's most recent inspection, its framework and overall grade with its rank on the shared 1-4 scale (empty where the framework gives no overall judgement). A view, so it can be faceted by region, framework and grade.
-- kind: view
SELECT
  c.id AS council, c.name, c.region, i.id AS inspection, i.framework, i.start, i.year,
  i.published, i.overall_grade, i.overall_rank, i.gives_overall, i.lead_inspector_name,
  i.report_file
FROM councils AS c
JOIN inspections AS i ON i.council = c.id
WHERE i.start = (SELECT MAX(later.start) FROM inspections AS later WHERE later.council = c.id)
ORDER BY c.name
