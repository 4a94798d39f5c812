"""The build: read and parse every file (in guarded workers, from the cache where nothing changed),
merge, validate, quarantine, write.
"""
