-- title: Recommendations about a subject
-- description: Recommendations whose words match a full-text search (e.g. care leavers, "private fostering", supervision), with the council, the date and the page of the report.
-- kind: query
SELECT r.council_name, r.start, r.framework, r.addressee, r.text, r.page, r.id AS recommendation
FROM recommendations AS r
WHERE r.rowid IN (SELECT rowid FROM recommendations_fts WHERE recommendations_fts MATCH :phrase)
ORDER BY r.start, r.council_name, r.number
