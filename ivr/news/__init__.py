"""News: headlines imported from the office's RSS/Atom feeds, next to the hand-written ones."""
