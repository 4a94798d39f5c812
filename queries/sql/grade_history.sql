-- title: Grade history of a council
-- description: How one council's overall effectiveness grade changed from inspection to inspection, across frameworks (rank 1 Outstanding to 4 Inadequate). Give its name or ONS GSS code.
-- kind: query
SELECT i.council_name, i.start, i.framework, i.overall_grade, i.overall_rank, i.report_file,
       i.id AS inspection
FROM inspections AS i
JOIN councils AS c ON c.id = i.council
WHERE lower(c.name) = lower(:council) OR c.gss = upper(:council)
ORDER BY i.start
