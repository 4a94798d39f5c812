-- title: Children looked after per 10,000 children
-- description: The number of children looked after and the rate per 10,000 children each report prints, by council and date.
-- kind: query
SELECT k.council, c.name, c.region, k.period, k.value, k.rate_per_10000, k.quote, k.page
FROM key_figures AS k JOIN councils AS c ON c.id = k.council
WHERE k.measure_concept = 'measure/children-looked-after'
ORDER BY c.name, k.period
