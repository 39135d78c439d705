"""The staff forms as plain functions (no Flask): fields in, a new Office or the problems out.

``fields``: single values and problems; one module per edited section (hours, contacts, texts,
headlines, pronunciation); ``saving``: a section saved as a new revision without overwriting anyone.
"""
