"""Every output of every command, one module per output:

- ``printer``: terminal text (``Printer``, its ``Grid``) and ``Words``, the texts and
  labels of one output language; laid out by ``layout`` (where lines break);
- ``agenda`` (text, markdown), ``entries`` (``show``, topics, actions, people: text,
  markdown), ``tables`` (their JSON, and the people's CSV), ``slots`` (text, markdown,
  JSON), ``sync`` (the publish and invite reports), ``reporting`` (the check report),
  ``changes`` (what changed in a plan);
- ``phrases`` (short texts several of them share: times in every zone, holidays, a
  change of offset), ``markdown`` (tables), ``styles`` (the terminal styles, one table
  per choice list of the catalogue);
- ``programme`` (the printable programme, HTML and PDF) and ``site`` (the static site).

May import: ``visitplan.editing``, ``visitplan.sync``, ``visitplan.changes`` (the results
it prints) and below. Nothing here decides what a plan means.
"""
