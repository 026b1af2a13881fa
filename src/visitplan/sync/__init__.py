"""Sending a plan out: CalDAV publishing (``publishing``, ``dav``), mail invitations
(``inviting``, with the readable body in ``mailbody`` and the headers in
``mailheaders``), and the credentials both need (``credentials``).

May import: ``visitplan.ical`` and below.
"""
