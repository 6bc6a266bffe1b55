"""Training of the learned steps (scikit-learn at training time only)."""
