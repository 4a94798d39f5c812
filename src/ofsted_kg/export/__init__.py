"""Write the graph in other forms (Turtle, N-Triples, JSON-LD, TriG, one council's subgraph, framed
JSON-LD).
"""
