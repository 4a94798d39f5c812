"""Check a graph against the SHACL shapes (compiled to SPARQL on Oxigraph, or pySHACL) and name the
report and place of each violation.
"""
