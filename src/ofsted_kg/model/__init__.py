"""The data model: records the parsers produce, the controlled vocabularies, every IRI, England's
councils, and what each framework's reports contain.
"""
