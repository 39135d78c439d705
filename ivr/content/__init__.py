"""What the office says: the document, its revisions, the default prompts."""
