"""An independent oracle for the matching contract (docs: shared spec, matching.md).

Nothing here imports ``algorithms`` or ``matcher`` internals: the generator, the
feasibility rules and the optimum are written again, straight from the spec, and the
implementation is reached only through ``parse_instance``/``match_instance`` and the
``koppel match`` command.
"""
