"""spaCy frame: a Vietnamese ``Language`` with the figure finder as a component."""
