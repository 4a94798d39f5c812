"""SPARQL servers: push a graph (Graph Store Protocol) and query an endpoint, over one guarded HTTP
path.
"""
