-- title: Councils whose overall grade went down
-- description: Pairs of consecutive inspections of a council where the overall grade's rank got worse (rank 1 Outstanding to 4 Inadequate), across frameworks.
-- kind: query
WITH graded AS (
  SELECT council, council_name, start, framework, overall_grade, overall_rank
  FROM inspections WHERE overall_rank IS NOT NULL
), pairs AS (
  SELECT g.*, (SELECT p.start FROM graded AS p
               WHERE p.council = g.council AND p.start < g.start
               ORDER BY p.start DESC LIMIT 1) AS previous_start
  FROM graded AS g
)
SELECT pairs.council_name, p.start AS previous_start, p.framework AS previous_framework,
       p.overall_grade AS previous_grade, pairs.start, pairs.framework, pairs.overall_grade,
       pairs.overall_rank - p.overall_rank AS rank_change
FROM pairs JOIN graded AS p ON p.council = pairs.council AND p.start = pairs.previous_start
WHERE pairs.overall_rank > p.overall_rank
ORDER BY pairs.council_name, pairs.start
