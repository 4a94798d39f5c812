"""Records to RDF: the graph of each report and the build record, and the fast N-Triples, Turtle
and JSON-LD writers.
"""
