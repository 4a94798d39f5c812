"""Search the recommendations and judgements of a built graph by meaning (``ofsted-kg search``),
with an index kept beside the graph."""
