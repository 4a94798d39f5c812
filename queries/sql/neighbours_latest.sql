-- title: A council beside its statistical neighbours
-- description: The latest overall grade of a council and of each of its ten statistical neighbours. Give its name or ONS GSS code.
-- kind: query
SELECT c.name, n.name AS neighbour, l.start, l.framework, l.overall_grade, l.overall_rank
FROM councils AS c
JOIN neighbours AS s ON s.council = c.id
JOIN councils AS n ON n.id = s.neighbour
LEFT JOIN latest_inspections AS l ON l.council = n.id
WHERE lower(c.name) = lower(:council) OR c.gss = upper(:council)
ORDER BY l.overall_rank IS NULL, l.overall_rank, n.name
