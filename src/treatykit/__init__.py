"""treatykit: a treaty clause knowledge base and drafting assistant."""

__version__ = "0.1.0"
