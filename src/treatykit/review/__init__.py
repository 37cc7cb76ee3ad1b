"""Review: read a draft, find the provisions a mandate requires, grade what is found.

spaCy is imported only inside this package, and only when a review actually runs.
"""
