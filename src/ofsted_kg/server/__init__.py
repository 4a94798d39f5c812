"""SPARQL servers: push a graph (Graph Store Protocol) and query an endpoint, over one guarded HTTP
path; and serve the built graph as a read-only endpoint on this machine (``local``).
"""
