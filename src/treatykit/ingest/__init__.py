"""Treaty corpora: read treaty files (ToTA XML, .txt, .md, .docx, .pdf), store and map them.

Kept light on import: `model` is plain dataclasses the store also uses; `service` ingests,
`mapping` reviews a whole corpus (spaCy only inside its workers).
"""
