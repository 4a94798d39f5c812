-- title: Inspectors who led several inspections
-- description: People named lead inspector of more than one inspection, with the councils they led.
-- kind: query
SELECT p.name, p.led, group_concat(t.council_name || ' ' || t.start, '; ') AS inspections
FROM people AS p
JOIN (SELECT m.person, i.council_name, i.start FROM team_memberships AS m
      JOIN inspections AS i ON i.id = m.inspection
      WHERE m.role_concept = 'role/lead-inspector' ORDER BY i.start) AS t ON t.person = p.id
WHERE p.led > 1
GROUP BY p.id
ORDER BY p.led DESC, p.name
