"""Files to text: find the input files, read ``.txt`` and ``.pdf`` reports, and clean the text
while keeping offsets into the original.
"""
