"""The stored queries: read the catalogue, bind parameters safely, run with a time limit, render
results.
"""
