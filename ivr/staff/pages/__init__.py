"""The staff pages, one module per page; each lists its URLs in ``ROUTES`` (see ivr.staff.frame.Route).

``ivr.staff.PAGES`` says which pages exist and ``ivr.staff.MENU`` what the menu shows.
"""
