"""The negotiation round: a bracketed joint text from two mandates, and a counter-draft
compared with the text we sent. Uses drafting and review through their public functions."""
