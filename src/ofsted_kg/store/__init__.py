"""Open a built graph for querying: the on-disk Oxigraph store beside the graph file, and the query
engines.
"""
